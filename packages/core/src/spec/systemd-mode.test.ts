import { describe, expect, it } from 'vitest';

import { checkSystemdOption, runsSystemd } from './systemd-mode.js';

describe('runsSystemd', () => {
  it('is on for an init command unless --systemd=false', () => {
    for (const init of ['/sbin/init', '/usr/sbin/init', '/usr/local/sbin/init', '/lib/systemd']) {
      expect(runsSystemd('true', [init])).toBe(true);
      expect(runsSystemd(undefined, [init, '--log-level=debug'])).toBe(true);
      expect(runsSystemd('false', [init])).toBe(false);
    }
  });

  it('looks past a leading /bin/sh -c', () => {
    expect(runsSystemd('true', ['/bin/sh', '-c', '/usr/sbin/init'])).toBe(true);
    expect(runsSystemd('true', ['/bin/sh', '-c', 'sleep 1'])).toBe(false);
  });

  it('is off for other commands, and on for any command with always', () => {
    expect(runsSystemd('true', ['init'])).toBe(false);
    expect(runsSystemd('true', ['sh'])).toBe(false);
    expect(runsSystemd('true', [])).toBe(false);
    expect(runsSystemd('always', ['sh'])).toBe(true);
  });
});

describe('checkSystemdOption', () => {
  it('accepts Podman values and rejects others in its words', () => {
    for (const value of [undefined, 'true', 'false', 'always']) checkSystemdOption(value);
    expect(() => checkSystemdOption('yes')).toThrow(
      'invalid config provided: --systemd values must be one of "true, false, always": ' +
        'invalid configuration',
    );
  });
});
