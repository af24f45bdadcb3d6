import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SkiffError } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { convertProfile } from './convert-profile.js';
import { decodeProfile } from './decode-profile.js';
import { nativeArch } from './native-arch.js';
import { PODMAN_DEFAULT_CAPS } from './testing/podman-default-caps.js';

// Expected outputs below are what Podman 4.3.1 wrote into config.json for the same fixture on
// amd64 with its default capabilities (and with CAP_SYS_ADMIN added where stated).

function fixture(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', name), 'utf8');
}

function convert(json: string, capabilities = PODMAN_DEFAULT_CAPS, arch = 'amd64') {
  return convertProfile(decodeProfile(json), { arch: nativeArch(arch), capabilities });
}

function convertFixture(name: string, capabilities = PODMAN_DEFAULT_CAPS, arch = 'amd64') {
  return convert(fixture(name), capabilities, arch);
}

/** Compares serialised text, so key order and left-out keys count, as in config.json. */
function expectJson(actual: unknown, expected: unknown): void {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

function failureOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    return SkiffError.chain(error).join(': ');
  }
  throw new Error('expected a failure');
}

describe('convertProfile with Part E fixtures', () => {
  it('gives no seccomp at all for an empty profile', () => {
    expect(convertFixture('empty.json')).toBeUndefined();
    expect(convert('null')).toBeUndefined();
    expect(convert('{"defaultAction": "", "syscalls": null, "flags": ["x"]}')).toBeUndefined();
  });

  it('refuses a rule with both name and names', () => {
    expect(failureOf(() => convertFixture('name-and-names.json'))).toBe(
      "'name' and 'names' were specified in the seccomp profile, use either 'name' or 'names'",
    );
  });

  it('refuses both architectures and archMap', () => {
    expect(failureOf(() => convertFixture('architectures-and-archmap.json'))).toBe(
      "'architectures' and 'archMap' were specified in the seccomp profile, " +
        "use either 'architectures' or 'archMap'",
    );
  });

  it('refuses unknown errno names in the default and in rules', () => {
    expect(failureOf(() => convertFixture('unknown-default-errno.json'))).toBe(
      'unknown errno EFOO',
    );
    expect(failureOf(() => convertFixture('unknown-rule-errno.json'))).toBe('unknown errno EWHAT');
  });

  it('lets the string errno win over the legacy number', () => {
    expectJson(convertFixture('errno-precedence.json'), {
      defaultAction: 'SCMP_ACT_ERRNO',
      defaultErrnoRet: 13,
      syscalls: [
        { names: ['mkdir'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
        { names: ['rmdir'], action: 'SCMP_ACT_ERRNO', errnoRet: 5 },
        { names: ['unlink'], action: 'SCMP_ACT_ERRNO', errnoRet: 7 },
        { names: ['chdir', 'fchdir'], action: 'SCMP_ACT_ERRNO', errnoRet: 0 },
        { names: ['getpid'], action: 'SCMP_ACT_ALLOW' },
      ],
    });
  });

  it('drops rules without names and turns name into names', () => {
    expectJson(convertFixture('rule-without-names.json'), {
      defaultAction: 'SCMP_ACT_ALLOW',
      syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO' }],
    });
  });

  it('ignores includes.minKernel and keeps the rule', () => {
    expectJson(convertFixture('min-kernel.json'), {
      defaultAction: 'SCMP_ACT_ALLOW',
      syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
    });
  });

  it('converts a one-rule deny profile', () => {
    expectJson(convertFixture('deny-mkdir.json'), {
      defaultAction: 'SCMP_ACT_ALLOW',
      syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
    });
  });
});

describe('convertProfile output shape', () => {
  it('leaves out empty keys, valueTwo 0 and empty args, but keeps errnoRet 0', () => {
    expectJson(convertFixture('omissions.json'), {
      defaultAction: 'SCMP_ACT_ALLOW',
      architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_AARCH64'],
      syscalls: [
        {
          names: ['personality'],
          action: 'SCMP_ACT_ALLOW',
          args: [{ index: 0, value: 4294967295, op: 'SCMP_CMP_EQ' }],
        },
        {
          names: ['clone'],
          action: 'SCMP_ACT_ERRNO',
          errnoRet: 0,
          args: [{ index: 0, value: 2114060288, valueTwo: 268435456, op: 'SCMP_CMP_MASKED_EQ' }],
        },
        { names: ['socket'], action: 'SCMP_ACT_ALLOW' },
        { names: ['bind'], action: 'SCMP_ACT_ALLOW' },
      ],
    });
  });

  it('copies flags and listener settings verbatim, in runtime-spec key order', () => {
    expectJson(convertFixture('listener.json'), {
      defaultAction: 'SCMP_ACT_ALLOW',
      defaultErrnoRet: 1,
      flags: ['SECCOMP_FILTER_FLAG_LOG'],
      listenerPath: '/run/seccomp-agent.sock',
      listenerMetadata: 'agent=skiff',
      syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_NOTIFY' }],
    });
  });

  it('does not validate actions or operators', () => {
    const json =
      '{"defaultAction": "SCMP_ACT_BOGUS", "syscalls": [{"names": ["x"], "action": ""}]}';

    expectJson(convert(json), {
      defaultAction: 'SCMP_ACT_BOGUS',
      syscalls: [{ names: ['x'], action: '' }],
    });
  });

  it('decodes keys the way Go does: any case, unknown ignored, null as zero', () => {
    expectJson(convertFixture('go-json-rules.json'), {
      defaultAction: 'SCMP_ACT_LOG',
      syscalls: [
        { names: ['mkdir'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 },
        {
          names: ['', 'rmdir'],
          action: '',
          args: [{ index: 1, value: 0, op: 'SCMP_CMP_EQ' }],
        },
      ],
    });
  });
});

describe('convertProfile architectures', () => {
  it('takes the first archMap entry for the native architecture', () => {
    const seccomp = convertFixture('arches-and-caps.json');

    expect(seccomp?.architectures).toEqual(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  });

  it('maps arm64 to its archMap entry and filters rules by arm64', () => {
    const seccomp = convertFixture('arches-and-caps.json', PODMAN_DEFAULT_CAPS, 'arm64');

    expect(seccomp?.architectures).toEqual(['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']);
    expect(seccomp?.syscalls?.map((rule) => rule.names[0])).toEqual([
      'read',
      'set_tls',
      'ioperm',
      'kill',
      'umount2',
    ]);
  });

  it('gives natives without an archMap key no architectures', () => {
    for (const arch of ['ppc64le', '386', 'arm', 'riscv64']) {
      expect(convertFixture('arches-and-caps.json', PODMAN_DEFAULT_CAPS, arch)).not.toHaveProperty(
        'architectures',
      );
    }
  });

  it('matches rule arches against libseccomp names, so 386 counts as x86', () => {
    const json = `{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
      {"names": ["a"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["x86"]}},
      {"names": ["b"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["386"]}}]}`;

    expect(convert(json, [], '386')?.syscalls?.map((rule) => rule.names[0])).toEqual(['a']);
  });
});

describe('convertProfile capability filters', () => {
  it('keeps includes.caps rules only when every cap is held', () => {
    const names = (caps: string[]) =>
      convertFixture('arches-and-caps.json', caps)?.syscalls?.map((rule) => rule.names[0]);

    expect(names(PODMAN_DEFAULT_CAPS)).toEqual([
      'read',
      'arch_prctl',
      'iopl',
      'kill',
      'umount2',
      'chown',
    ]);
    expect(names([...PODMAN_DEFAULT_CAPS, 'CAP_SYS_ADMIN'])).toEqual([
      'read',
      'arch_prctl',
      'iopl',
      'mount',
      'kill',
    ]);
    expect(names(['CAP_KILL'])).toEqual(['read', 'arch_prctl', 'iopl', 'umount2']);
  });

  it('drops excludes.caps rules when any cap is held', () => {
    const names = (caps: string[]) =>
      convertFixture('arches-and-caps.json', caps)?.syscalls?.map((rule) => rule.names[0]);

    expect(names(['CAP_SYS_PTRACE'])).toEqual(['read', 'arch_prctl', 'iopl']);
    expect(names([])).toEqual(['read', 'arch_prctl', 'iopl', 'umount2', 'ptrace']);
  });

  it('compares capability names exactly', () => {
    const json = `{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
      {"names": ["a"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}}]}`;

    expect(convert(json, ['cap_sys_admin', 'SYS_ADMIN'])).not.toHaveProperty('syscalls');
  });
});

describe('convertProfile values it cannot keep', () => {
  it('keeps values up to 2^53-1 exact', () => {
    const json = `{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["a"], "action": "x",
      "args": [{"index": 1, "value": 9007199254740991, "valueTwo": 4294967296, "op": "o"}]}]}`;

    expect(convert(json)?.syscalls?.[0].args).toEqual([
      { index: 1, value: 9007199254740991, valueTwo: 4294967296, op: 'o' },
    ]);
  });

  it('refuses larger values instead of rounding them', () => {
    const json = `{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["a"], "action": "x",
      "args": [{"index": 1, "value": 18446744073709551615, "op": "SCMP_CMP_MASKED_EQ"}]}]}`;

    expect(failureOf(() => convert(json))).toBe(
      'syscalls[0].args[0].value: 18446744073709552000 is beyond 2^53-1, ' +
        'the largest value Skiff can write exactly',
    );
  });

  it('ignores large values in rules that do not apply', () => {
    const json = `{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["a"], "action": "x",
      "includes": {"arches": ["s390x"]}, "args": [{"index": 1, "value": 18446744073709551615}]}]}`;

    expectJson(convert(json), { defaultAction: 'SCMP_ACT_ALLOW' });
  });

  it('refuses null rules, where Podman would crash', () => {
    const json = '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [null]}';

    expect(failureOf(() => convert(json))).toBe('syscalls[0] is null');
  });

  it('refuses null arguments of rules that apply', () => {
    const kept = '{"defaultAction": "A", "syscalls": [{"names": ["a"], "args": [null]}]}';
    const skipped = `{"defaultAction": "A", "syscalls": [
      {"names": ["a"], "args": [null], "excludes": {"arches": ["amd64"]}}]}`;

    expect(failureOf(() => convert(kept))).toBe('syscalls[0].args[0] is null');
    expectJson(convert(skipped), { defaultAction: 'A' });
  });
});
