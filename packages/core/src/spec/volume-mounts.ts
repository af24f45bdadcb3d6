import { posix } from 'node:path';

import type { ContainerCreateOptions } from '@skiff/contracts';
import { InvalidArgument } from '@skiff/contracts';

import { parseVolumeFlag } from './volume-flag.js';
import { parseMountFlag } from './volume-mount-flag.js';
import { parseTmpfsFlag } from './volume-tmpfs-flag.js';
import type { UserMount } from './volume-user-mount.js';

interface Parsed {
  mount: UserMount;
  /** It came from `--mount`, where Podman accepts no repeat at all. */
  fromMountFlag: boolean;
}

/**
 * parseUserMounts reads a container's `--mount`, `-v` and `--tmpfs` values, in the order
 * Podman reads them, into one list with one mount per destination. Podman accepts the same
 * `-v` or `--tmpfs` twice, and a `--mount` spelling the same mount as one of those, but any
 * other second mount at a destination is an error. It touches no file: checks against the
 * host come when config.json is made.
 */
export function parseUserMounts(options: ContainerCreateOptions): UserMount[] {
  const parsed: Parsed[] = [
    ...(options.mounts ?? []).map((value) => ({
      mount: parseMountFlag(value),
      fromMountFlag: true,
    })),
    ...(options.volumes ?? []).map((value) => ({
      mount: parseVolumeFlag(value),
      fromMountFlag: false,
    })),
    ...(options.tmpfs ?? []).map((value) => ({
      mount: parseTmpfsFlag(value),
      fromMountFlag: false,
    })),
  ];
  return unique(parsed);
}

/** mountPoint is a destination as the kernel sees it, for comparing destinations. */
export function mountPoint(destination: string): string {
  const normal = posix.normalize(destination);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

function unique(parsed: readonly Parsed[]): UserMount[] {
  const kept = new Map<string, Parsed>();

  for (const entry of parsed) {
    const point = mountPoint(entry.mount.destination);
    const prior = kept.get(point);
    if (prior === undefined) {
      kept.set(point, entry);
      continue;
    }

    const sameText = prior.mount.destination === entry.mount.destination;
    const repeatable = !(prior.fromMountFlag && entry.fromMountFlag);
    if (sameText && repeatable && sameMount(prior.mount, entry.mount)) continue;
    throw new InvalidArgument(
      sameText
        ? `${point}: duplicate mount destination`
        : `"${point}": duplicate mount destination`,
    );
  }
  return [...kept.values()].map((entry) => entry.mount);
}

function sameMount(a: UserMount, b: UserMount): boolean {
  return (
    a.type === b.type &&
    a.source === b.source &&
    a.relabel === b.relabel &&
    a.options.join(',') === b.options.join(',')
  );
}
