import { InvalidArgument } from '@skiff/contracts';

import { UNKNOWN_EXIT_CODE } from './container-states.js';

/** RestartPolicy is a parsed `--restart` value; `maxRetries` 0 means no limit. */
export interface RestartPolicy {
  name: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  maxRetries: number;
}

const NAMES: readonly string[] = ['no', 'always', 'on-failure', 'unless-stopped'];

/** parseRestartPolicy reads `no`, `always`, `unless-stopped` or `on-failure[:N]`. */
export function parseRestartPolicy(spec: string | undefined): RestartPolicy {
  if (spec === undefined || spec === '') return { name: 'no', maxRetries: 0 };

  const [name, retries, ...extra] = spec.split(':');
  const invalid = () =>
    new InvalidArgument(
      `running container create option: "${spec}" is not a valid restart policy: invalid argument`,
    );
  if (!NAMES.includes(name) || extra.length > 0) throw invalid();
  if (retries !== undefined && (name !== 'on-failure' || !/^\d+$/.test(retries))) throw invalid();
  return { name: name as RestartPolicy['name'], maxRetries: Number(retries ?? 0) };
}

/** checkRestartPolicy refuses a policy, and one that `--rm` contradicts, at create time. */
export function checkRestartPolicy(spec: string | undefined, autoRemove: boolean): void {
  const policy = parseRestartPolicy(spec);
  if (autoRemove && policy.name !== 'no') {
    throw new InvalidArgument(
      'the --rm option conflicts with --restart, when the restartPolicy is not "" and "no"',
    );
  }
}

/** RestartFacts are what a restart decision looks at once a container has exited. */
export interface RestartFacts {
  exitCode: number;
  restartCount: number;
  stoppedByUser: boolean;
}

/**
 * shouldRestart applies a policy as Podman does without a daemon, from the exit command: a
 * container stopped by a user stays stopped whatever its policy, and `on-failure:N` gives up
 * after N restarts.
 */
export function shouldRestart(policy: RestartPolicy, facts: RestartFacts): boolean {
  if (facts.stoppedByUser || policy.name === 'no') return false;
  if (policy.name === 'always' || policy.name === 'unless-stopped') return true;

  const failed = facts.exitCode !== 0 && facts.exitCode !== UNKNOWN_EXIT_CODE;
  return failed && (policy.maxRetries === 0 || facts.restartCount < policy.maxRetries);
}
