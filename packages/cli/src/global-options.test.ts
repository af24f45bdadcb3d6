import { describe, expect, it } from 'vitest';

import { globalOptionsProblem, splitGlobalOptions } from './global-options.js';

describe('splitGlobalOptions', () => {
  it('takes global flags off the front, as `--flag value` and `--flag=value`', () => {
    expect(splitGlobalOptions(['--root', '/r', '--log-level=debug', 'ps', '--root', '/x'])).toEqual(
      {
        globals: { root: '/r', logLevel: 'debug' },
        rest: ['ps', '--root', '/x'],
        problem: undefined,
      },
    );
  });

  it("says a flag lacks its value in Podman's words", () => {
    expect(splitGlobalOptions(['--root']).problem).toBe('flag needs an argument: --root');
  });

  it('reports a bad value found before the command', () => {
    expect(splitGlobalOptions(['--log-level', 'loud', 'ps']).problem).toMatch(/^Log Level "loud"/);
  });
});

describe('globalOptionsProblem', () => {
  it("rejects an unknown log level with Podman's message", () => {
    expect(globalOptionsProblem({ logLevel: 'bogus' })).toBe(
      'Log Level "bogus" is not supported, choose from: trace, debug, info, warn, warning, error, fatal, panic',
    );
    expect(globalOptionsProblem({ logLevel: 'warning' })).toBeUndefined();
  });

  it('accepts only the cgroupfs cgroup manager, naming systemd as unsupported', () => {
    expect(globalOptionsProblem({ cgroupManager: 'cgroupfs' })).toBeUndefined();
    expect(globalOptionsProblem({ cgroupManager: 'systemd' })).toMatch(/systemd .*not supported/);
    expect(globalOptionsProblem({ cgroupManager: 'bogus' })).toBe(
      'configuring runtime: cgroup manager must be one of cgroupfs and systemd: invalid argument',
    );
  });
});
