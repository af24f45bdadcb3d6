import { posix } from 'node:path';

import { InvalidArgument, SkiffError } from '@skiff/contracts';

import { checkVolumeName } from '../volume/volume-name.js';

/** UserMountType is what a user mount puts at its destination. */
export type UserMountType = 'bind' | 'volume' | 'tmpfs';

/**
 * UserMount is one mount asked for with `-v`, `--mount` or `--tmpfs`, parsed but not yet
 * checked against the host: a relative bind source is resolved, and an anonymous volume named,
 * only when config.json is made.
 */
export interface UserMount {
  type: UserMountType;
  /** A bind's host path as typed, a volume's name (`''` for an anonymous one), `''` for tmpfs. */
  source: string;
  /** The path in the container, as typed: Podman writes it to config.json unchanged. */
  destination: string;
  /** Mount options in the order given, without the relabel request. */
  options: string[];
  /** `z` relabels the source shared by all containers, `Z` private to this one. */
  relabel?: 'z' | 'Z';
  /** Where it came from, as typed: `--volume /src:/dst:Z`. */
  flag: string;
}

/** checkContainerPath refuses a mount destination that is not absolute, in Podman's words. */
export function checkContainerPath(destination: string): void {
  if (!posix.isAbsolute(destination)) {
    throw new InvalidArgument(`invalid container path "${destination}", must be an absolute path`);
  }
}

/** checkNamedVolume refuses a volume name Podman would refuse when creating the container. */
export function checkNamedVolume(name: string): void {
  try {
    checkVolumeName(name);
  } catch (error) {
    throw SkiffError.wrap(`creating named volume "${name}"`, error);
  }
}
