import { basename } from 'node:path';

import { InvalidArgument } from '@skiff/contracts';

const INIT_COMMANDS = new Set(['/sbin/init', '/usr/sbin/init', '/usr/local/sbin/init']);

/** checkSystemdOption rejects a `--systemd` value other than Podman's three. */
export function checkSystemdOption(value: string | undefined): void {
  if (value === undefined || ['true', 'false', 'always'].includes(value)) return;
  throw new InvalidArgument(
    'invalid config provided: --systemd values must be one of "true, false, always": ' +
      'invalid configuration',
  );
}

/**
 * runsSystemd says whether a container is in systemd mode: always with `--systemd=always`;
 * with `true` (the default) when its command is an init, looked for past a leading
 * `/bin/sh -c`, which image builders put in front of a shell-form command.
 */
export function runsSystemd(value: string | undefined, args: readonly string[]): boolean {
  if (value === 'always') return true;
  if (value === 'false' || args.length === 0) return false;

  const command = args.length > 2 && args[0] === '/bin/sh' && args[1] === '-c' ? args[2] : args[0];
  return INIT_COMMANDS.has(command) || basename(command) === 'systemd';
}
