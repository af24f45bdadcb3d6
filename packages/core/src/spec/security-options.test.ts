import { SkiffError } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { parseSecurityOptions, securityOptSummary } from './security-options.js';

function failureOf(values: string[]): { code: string; message: string } {
  try {
    parseSecurityOptions(values);
  } catch (error) {
    if (SkiffError.is(error)) return { code: error.code, message: error.message };
    throw error;
  }
  return expect.unreachable(`expected ${JSON.stringify(values)} to be refused`);
}

describe('parseSecurityOptions', () => {
  it('gives empty options when no flag was given', () => {
    expect(parseSecurityOptions([])).toEqual({
      labelOptions: [],
      noNewPrivileges: false,
      mask: [],
      unmask: [],
      procOpts: [],
    });
  });

  it.each(['foo', 'label', 'seccomp', ''])(
    'refuses %j, which has no separator, as error 1',
    (v) => {
      expect(failureOf([v])).toEqual({
        code: 'InvalidArgument',
        message: `invalid --security-opt 1: "${v}"`,
      });
    },
  );

  it.each(['foo=bar', '=', 'LABEL=disable', 'Seccomp=unconfined', 'foo:bar', 'nested=1'])(
    'refuses %j, whose key is unknown, as error 2',
    (v) => {
      expect(failureOf([v])).toEqual({
        code: 'InvalidArgument',
        message: `invalid --security-opt 2: "${v}"`,
      });
    },
  );

  it.each(['no-new-privileges=maybe', 'no-new-privileges=yes', 'no-new-privileges='])(
    'refuses %j, which is not a Go bool, as error 2',
    (v) => {
      expect(failureOf([v])).toEqual({
        code: 'InvalidArgument',
        message: `invalid --security-opt 2: "${v}"`,
      });
    },
  );

  it('stops at the first bad value even after good ones', () => {
    expect(failureOf(['label=disable', 'bogus', 'foo=bar']).message).toBe(
      'invalid --security-opt 1: "bogus"',
    );
  });

  it('turns no-new-privileges on with the bare word', () => {
    expect(parseSecurityOptions(['no-new-privileges']).noNewPrivileges).toBe(true);
  });

  it.each(['1', 't', 'T', 'true', 'TRUE', 'True'])('reads no-new-privileges=%s as on', (v) => {
    expect(parseSecurityOptions([`no-new-privileges=${v}`]).noNewPrivileges).toBe(true);
    expect(parseSecurityOptions([`no-new-privileges:${v}`]).noNewPrivileges).toBe(true);
  });

  it.each(['0', 'f', 'F', 'false', 'FALSE', 'False'])('reads no-new-privileges=%s as off', (v) => {
    expect(parseSecurityOptions([`no-new-privileges=${v}`]).noNewPrivileges).toBe(false);
  });

  it('lets a later no-new-privileges=false turn off an earlier bare one', () => {
    const options = parseSecurityOptions(['no-new-privileges', 'no-new-privileges=false']);

    expect(options.noNewPrivileges).toBe(false);
  });

  it('keeps label values verbatim and in order, including an empty one', () => {
    const options = parseSecurityOptions([
      'label=type:spc_t',
      'label=level:s0:c1,c2',
      'label=',
      'label=bogus',
    ]);

    expect(options.labelOptions).toEqual(['type:spc_t', 'level:s0:c1,c2', '', 'bogus']);
  });

  it('accepts the legacy key:value form, splitting at the first colon', () => {
    const options = parseSecurityOptions([
      'label:disable',
      'label:type:x_t',
      'seccomp:unconfined',
      'apparmor:unconfined',
    ]);

    expect(options.labelOptions).toEqual(['disable', 'type:x_t']);
    expect(options.seccomp).toBe('unconfined');
    expect(options.apparmor).toBe('unconfined');
  });

  it('splits at = rather than : when a value has both', () => {
    const options = parseSecurityOptions(['label=level:s0:c1,c2', 'seccomp=/a:b.json']);

    expect(options.labelOptions).toEqual(['level:s0:c1,c2']);
    expect(options.seccomp).toBe('/a:b.json');
  });

  it('keeps the last seccomp value, including an empty one', () => {
    expect(parseSecurityOptions(['seccomp=/a.json', 'seccomp=unconfined']).seccomp).toBe(
      'unconfined',
    );
    expect(parseSecurityOptions(['seccomp=unconfined', 'seccomp=']).seccomp).toBe('');
    expect(parseSecurityOptions(['label=disable']).seccomp).toBeUndefined();
  });

  it('reads systempaths=unconfined as unmasking everything', () => {
    expect(parseSecurityOptions(['systempaths=unconfined']).unmask).toEqual(['ALL']);
  });

  it.each(['foo', '', 'UNCONFINED'])('refuses systempaths=%j with Podman words', (v) => {
    expect(failureOf([`systempaths=${v}`])).toEqual({
      code: 'InvalidArgument',
      message: `invalid systempaths option "${v}", only \`unconfined\` is supported`,
    });
  });

  it('splits mask and unmask at colons and proc-opts at commas', () => {
    const options = parseSecurityOptions([
      'mask=/proc/a:/proc/b',
      'unmask=/proc/kcore',
      'unmask=ALL',
      'proc-opts=hidepid=2,subset=pid',
    ]);

    expect(options.mask).toEqual(['/proc/a', '/proc/b']);
    expect(options.unmask).toEqual(['/proc/kcore', 'ALL']);
    expect(options.procOpts).toEqual(['hidepid=2', 'subset=pid']);
  });
});

describe('securityOptSummary', () => {
  it('is an empty list when nothing was typed', () => {
    expect(securityOptSummary(parseSecurityOptions([]))).toEqual([]);
  });

  it('shows what was typed in Podman fixed order, whatever the typing order', () => {
    const options = parseSecurityOptions([
      'apparmor=unconfined',
      'seccomp=unconfined',
      'label=level:s0',
      'no-new-privileges',
    ]);

    expect(securityOptSummary(options)).toEqual([
      'no-new-privileges',
      'label=level:s0',
      'seccomp=unconfined',
      'apparmor=unconfined',
    ]);
  });

  it('joins every label value into one element', () => {
    const options = parseSecurityOptions(['label=type:spc_t', 'label:level:s0']);

    expect(securityOptSummary(options)).toEqual(['label=type:spc_t,label=level:s0']);
  });

  it('shows an empty seccomp value, the last seccomp value only, and label=disable', () => {
    expect(securityOptSummary(parseSecurityOptions(['seccomp=/a.json', 'seccomp=']))).toEqual([
      'seccomp=',
    ]);
    expect(securityOptSummary(parseSecurityOptions(['label=disable']))).toEqual(['label=disable']);
  });

  it('leaves out what only changes masking or a switched-off no-new-privileges', () => {
    const options = parseSecurityOptions([
      'systempaths=unconfined',
      'mask=/proc/a',
      'proc-opts=hidepid=2',
      'no-new-privileges=false',
    ]);

    expect(securityOptSummary(options)).toEqual([]);
  });
});
