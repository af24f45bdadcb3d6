import 'reflect-metadata';

import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SkiffError } from '@skiff/contracts';
import type { EngineEnvironment, HostFacts, SeccompOptions } from '@skiff/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type * as FindDefaultProfile from './find-default-profile.js';
import { findDefaultProfile } from './find-default-profile.js';
import { plugin } from './index.js';
import { OciSeccompProvider } from './oci-seccomp-provider.js';

vi.mock('./find-default-profile.js', async (importOriginal) => {
  const real = await importOriginal<typeof FindDefaultProfile>();
  return { ...real, findDefaultProfile: vi.fn(real.findDefaultProfile) };
});

const SHIPPED = '/usr/share/containers/seccomp.json';
const OVERRIDE = '/etc/containers/seccomp.json';
const HOST_DEFAULT = existsSync(OVERRIDE) ? OVERRIDE : SHIPPED;
const OVERRIDE_EXISTS = existsSync(OVERRIDE) ? ` (skipped: ${OVERRIDE} exists)` : '';
const NO_DEFAULT = existsSync(HOST_DEFAULT) ? '' : ` (skipped: neither ${OVERRIDE} nor ${SHIPPED})`;

const DENY_MKDIR = JSON.stringify({
  defaultAction: 'SCMP_ACT_ALLOW',
  syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO', errno: 'EPERM' }],
});
const DENY_MKDIR_RULES = [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }];

let dir: string;
let custom: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-seccomp-oci-'));
  custom = join(dir, 'custom.json');
  await writeFile(custom, DENY_MKDIR);
  await writeFile(join(dir, 'broken.json'), '{"defaultErrno": "EFOO", "defaultAction": "x"}');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function provider(env: Partial<EngineEnvironment> = {}, arch = 'amd64'): OciSeccompProvider {
  const host: HostFacts = { selinuxEnabled: false, arch, hardLimits: {} };
  return new OciSeccompProvider(env as EngineEnvironment, host);
}

function options(profile: SeccompOptions['profile'], privileged = false): SeccompOptions {
  return { profile, privileged, capabilities: ['CAP_CHOWN'] };
}

async function failureOf(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => expect.unreachable('expected a failure'),
    (reason: unknown) => reason,
  );
  expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
  return SkiffError.chain(error).join(': ');
}

describe('plugin', () => {
  it('offers OciSeccompProvider as the oci seccomp provider', () => {
    expect(plugin).toEqual({
      name: 'seccomp-oci',
      apiRange: '^1.0.0',
      provides: [{ role: 'seccomp', implementation: 'oci', useClass: OciSeccompProvider }],
    });
  });
});

describe('OciSeccompProvider profile choice', () => {
  it('gives no seccomp for unconfined, however it is spelled', async () => {
    const unconfined = { origin: 'unconfined' };

    expect(await provider().generate(options({ kind: 'unconfined' }))).toEqual(unconfined);
    expect(await provider().generate(options({ kind: 'file', path: 'unconfined' }))).toEqual(
      unconfined,
    );
    expect(
      await provider({ seccompProfile: 'unconfined' }).generate(options({ kind: 'default' })),
    ).toEqual(unconfined);
  });

  it('prefers containers.conf seccomp_profile over the default files', async () => {
    const report = await provider({ seccompProfile: custom }).generate(
      options({ kind: 'default' }),
    );

    expect(report).toEqual({
      origin: custom,
      seccomp: { defaultAction: 'SCMP_ACT_ALLOW', syscalls: DENY_MKDIR_RULES },
    });
  });

  it(`uses the first default file that exists${NO_DEFAULT}`, async ({ skip }) => {
    if (NO_DEFAULT) skip();

    const report = await provider().generate(options({ kind: 'default' }));

    expect(report.origin).toBe(HOST_DEFAULT);
    expect(report.seccomp?.defaultAction).toBe('SCMP_ACT_ERRNO');
  });

  it('treats an empty file path like the default', async () => {
    const report = await provider({ seccompProfile: custom }).generate(
      options({ kind: 'file', path: '' }),
    );

    expect(report.origin).toBe(custom);
  });

  it('names the paths tried when no default profile exists', async () => {
    vi.mocked(findDefaultProfile).mockResolvedValueOnce(undefined);

    expect(await failureOf(provider().generate(options({ kind: 'default' })))).toBe(
      'no default seccomp profile: none of /etc/containers/seccomp.json, ' +
        '/usr/share/containers/seccomp.json exists; set seccomp_profile in containers.conf ' +
        'or use --security-opt seccomp=<file|unconfined>',
    );
  });

  it('converts an image profile without needing a default file', async () => {
    vi.mocked(findDefaultProfile).mockResolvedValueOnce(undefined);

    const report = await provider().generate(options({ kind: 'image', json: DENY_MKDIR }));

    expect(report).toEqual({
      origin: 'image',
      seccomp: { defaultAction: 'SCMP_ACT_ALLOW', syscalls: DENY_MKDIR_RULES },
    });
  });

  it('reports an empty profile with its origin but no seccomp', async () => {
    const empty = join(dir, 'empty.json');
    await writeFile(empty, '{}');

    expect(await provider().generate(options({ kind: 'file', path: empty }))).toEqual({
      origin: empty,
    });
  });
});

describe('OciSeccompProvider with --privileged', () => {
  it('drops the default profile', async () => {
    vi.mocked(findDefaultProfile).mockResolvedValueOnce(SHIPPED);

    expect(await provider().generate(options({ kind: 'default' }, true))).toEqual({
      origin: 'unconfined',
    });
  });

  it(`drops the default profile even when named explicitly${NO_DEFAULT}`, async ({ skip }) => {
    if (NO_DEFAULT) skip();

    const report = await provider().generate(options({ kind: 'file', path: HOST_DEFAULT }, true));

    expect(report).toEqual({ origin: 'unconfined' });
  });

  it(`still reads a default path named explicitly${OVERRIDE_EXISTS}`, async ({ skip }) => {
    if (OVERRIDE_EXISTS) skip();

    const named = options({ kind: 'file', path: OVERRIDE }, true);

    expect(await failureOf(provider().generate(named))).toBe(
      `opening seccomp profile failed: open ${OVERRIDE}: no such file or directory`,
    );
  });

  it('does not fail for a missing default it would drop anyway', async () => {
    vi.mocked(findDefaultProfile).mockResolvedValueOnce(undefined);

    expect(await provider().generate(options({ kind: 'default' }, true))).toEqual({
      origin: 'unconfined',
    });
  });

  it('honours a custom file, given directly or by containers.conf', async () => {
    const direct = await provider().generate(options({ kind: 'file', path: custom }, true));
    const configured = await provider({ seccompProfile: custom }).generate(
      options({ kind: 'default' }, true),
    );

    expect(direct.seccomp?.syscalls).toEqual(DENY_MKDIR_RULES);
    expect(configured.seccomp?.syscalls).toEqual(DENY_MKDIR_RULES);
  });

  it('drops an image profile unless a custom file is configured', async () => {
    vi.mocked(findDefaultProfile).mockResolvedValueOnce(SHIPPED);
    const image = options({ kind: 'image', json: DENY_MKDIR }, true);

    expect(await provider().generate(image)).toEqual({ origin: 'unconfined' });
    expect((await provider({ seccompProfile: custom }).generate(image)).origin).toBe('image');
  });

  it('still reports a broken profile before dropping it, as Podman does', async () => {
    const broken = join(dir, 'broken.json');
    vi.mocked(findDefaultProfile).mockResolvedValueOnce(SHIPPED);
    const json = '{"defaultAction": "SCMP_ACT_ALLOW", "defaultErrno": "EFOO"}';
    const image = options({ kind: 'image', json }, true);

    expect(await failureOf(provider().generate(image))).toBe(
      'loading seccomp profile failed: unknown errno EFOO',
    );
    expect(
      await failureOf(provider().generate(options({ kind: 'file', path: broken }, true))),
    ).toBe(`loading seccomp profile (${broken}) failed: unknown errno EFOO`);
  });
});

describe('OciSeccompProvider errors', () => {
  it('words a missing file like Podman', async () => {
    const missing = options({ kind: 'file', path: '/nonexistent.json' });

    expect(await failureOf(provider().generate(missing))).toBe(
      'opening seccomp profile failed: open /nonexistent.json: no such file or directory',
    );
  });

  it('words a directory like Podman', async () => {
    expect(await failureOf(provider().generate(options({ kind: 'file', path: dir })))).toBe(
      `opening seccomp profile failed: read ${dir}: is a directory`,
    );
  });

  it('reports invalid JSON after the path, on one line', async () => {
    const invalid = join(dir, 'invalid.json');
    await writeFile(invalid, '{\n  "defaultAction": "SCMP_ACT_ALLOW",\n  "syscalls": [ }\n');

    const message = await failureOf(provider().generate(options({ kind: 'file', path: invalid })));

    expect(message.startsWith(`loading seccomp profile (${invalid}) failed: `)).toBe(true);
    expect(message).toContain("decoding seccomp profile failed: unexpected token '}'");
    expect(message).not.toContain('\n');
  });

  it('puts the path in front of content errors', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"defaultAction": 5}');

    expect(await failureOf(provider().generate(options({ kind: 'file', path: bad })))).toBe(
      `loading seccomp profile (${bad}) failed: decoding seccomp profile failed: ` +
        'json: cannot unmarshal number into Go struct field Seccomp.defaultAction ' +
        'of type seccomp.Action',
    );
  });

  it('names no path for image profile errors', async () => {
    const image = options({ kind: 'image', json: '{"syscalls": [{"name": "a", "names": ["b"]}]}' });

    expect(await failureOf(provider().generate(image))).toBe(
      "loading seccomp profile failed: 'name' and 'names' were specified in the seccomp " +
        "profile, use either 'name' or 'names'",
    );
  });

  it('converts for the host architecture', async () => {
    const json = JSON.stringify({
      defaultAction: 'SCMP_ACT_ALLOW',
      archMap: [{ architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] }],
    });
    const report = await provider({}, 'arm64').generate(options({ kind: 'image', json }));

    expect(report.seccomp?.architectures).toEqual(['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']);
  });
});
