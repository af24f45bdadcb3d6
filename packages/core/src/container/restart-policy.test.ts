import { describe, expect, it } from 'vitest';

import { checkRestartPolicy, parseRestartPolicy, shouldRestart } from './restart-policy.js';

const exited = (exitCode: number, restartCount = 0, stoppedByUser = false) => ({
  exitCode,
  restartCount,
  stoppedByUser,
});

describe('parseRestartPolicy', () => {
  it('reads every policy Podman accepts', () => {
    expect(parseRestartPolicy(undefined)).toEqual({ name: 'no', maxRetries: 0 });
    expect(parseRestartPolicy('')).toEqual({ name: 'no', maxRetries: 0 });
    expect(parseRestartPolicy('always')).toEqual({ name: 'always', maxRetries: 0 });
    expect(parseRestartPolicy('unless-stopped').name).toBe('unless-stopped');
    expect(parseRestartPolicy('on-failure')).toEqual({ name: 'on-failure', maxRetries: 0 });
    expect(parseRestartPolicy('on-failure:3')).toEqual({ name: 'on-failure', maxRetries: 3 });
  });

  it.each(['bogus', 'always:3', 'on-failure:x', 'on-failure:-1', 'on-failure:1:2', 'No'])(
    'refuses %s in Podman words',
    (spec) => {
      expect(() => parseRestartPolicy(spec)).toThrow(
        `running container create option: "${spec}" is not a valid restart policy: invalid argument`,
      );
    },
  );

  it('refuses --rm with a policy other than no', () => {
    expect(() => checkRestartPolicy('always', true)).toThrow(
      'the --rm option conflicts with --restart',
    );
    expect(() => checkRestartPolicy('no', true)).not.toThrow();
    expect(() => checkRestartPolicy(undefined, true)).not.toThrow();
  });
});

describe('shouldRestart', () => {
  it('never restarts with no, or after a stop by a user', () => {
    expect(shouldRestart(parseRestartPolicy('no'), exited(1))).toBe(false);
    expect(shouldRestart(parseRestartPolicy('always'), exited(0, 0, true))).toBe(false);
    expect(shouldRestart(parseRestartPolicy('unless-stopped'), exited(1, 0, true))).toBe(false);
  });

  it('restarts always and unless-stopped whatever the exit code', () => {
    expect(shouldRestart(parseRestartPolicy('always'), exited(0, 9))).toBe(true);
    expect(shouldRestart(parseRestartPolicy('unless-stopped'), exited(0))).toBe(true);
  });

  it('restarts on-failure only for a failure, up to the limit', () => {
    const policy = parseRestartPolicy('on-failure:2');
    expect(shouldRestart(policy, exited(0))).toBe(false);
    expect(shouldRestart(policy, exited(3, 0))).toBe(true);
    expect(shouldRestart(policy, exited(3, 1))).toBe(true);
    expect(shouldRestart(policy, exited(3, 2))).toBe(false);
    expect(shouldRestart(parseRestartPolicy('on-failure'), exited(1, 100))).toBe(true);
    // An exit nobody observed is not known to be a failure.
    expect(shouldRestart(policy, exited(-1))).toBe(false);
  });
});
