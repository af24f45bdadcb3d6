import { InvalidArgument } from '@skiff/contracts';
import type { Engine } from '@skiff/core';

/**
 * containerNames returns the containers a command acts on: those named, or with `--all`
 * every container (running ones only when `runningOnly`); none at all is Podman's usage error.
 */
export async function containerNames(
  engine: Engine,
  argv: string[],
  all: boolean,
  runningOnly = false,
): Promise<string[]> {
  if (all) {
    const containers = await engine.listContainers(!runningOnly);
    return containers.map((c) => c.names[0]);
  }
  if (argv.length === 0) throw new InvalidArgument('you must provide at least one name or id');
  return argv;
}
