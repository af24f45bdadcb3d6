import { InvalidArgument } from '@skiff/contracts';
import type { Engine } from '@skiff/core';

/**
 * containerNames returns the containers a command acts on: those named, or with `--all` the id
 * of every container (running ones only when `runningOnly`), which is what Podman then prints.
 * Names together with `--all`, or nothing at all, are Podman's usage errors.
 */
export async function containerNames(
  engine: Engine,
  argv: string[],
  all: boolean,
  runningOnly = false,
): Promise<string[]> {
  if (all) {
    if (argv.length > 0) throw new InvalidArgument('no arguments are needed with --all');
    const containers = await engine.listContainers(!runningOnly);
    return containers.map((c) => c.id);
  }
  if (argv.length === 0) throw new InvalidArgument('you must provide at least one name or id');
  return argv;
}
