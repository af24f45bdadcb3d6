import { lstatSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { ContainerCreateOptions, OciMount } from '@skiff/contracts';
import { InvalidArgument, StorageError } from '@skiff/contracts';

import { newVolumeName } from '../volume/volume-name.js';
import type { SpecBuilder } from './spec-builder.js';
import { hostMountFlags } from './volume-host-flags.js';
import { ENGINE_MOUNT_FLAGS, mountOptions } from './volume-mount-options.js';
import { mountPoint, parseUserMounts } from './volume-mounts.js';
import type { UserMount } from './volume-user-mount.js';

// Go's texts for the errors a missing or unreadable bind source gives, which Podman prints.
const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/** UserMountInputs are what the user's mounts need from the container being created. */
export interface UserMountInputs {
  options: ContainerCreateOptions;
  /** Where named volumes keep their data (`<root>/volumes`); needed only to use one. */
  volumesDir?: string;
}

/**
 * addUserMounts appends the user's `--mount`, `-v` and `--tmpfs` mounts to config.json, after
 * the default mounts, replacing a default mount at the same destination, as Podman does. Bind
 * sources must exist now; a named volume is bound from its `_data` directory, and an anonymous
 * one is given its name here. z/Z never reach config.json: the relabel happens at start.
 */
export function addUserMounts(builder: SpecBuilder, inputs: UserMountInputs): void {
  const requested = parseUserMounts(inputs.options);
  if (requested.length === 0) return;

  const mounts = requested.map((mount) => ociMount(mount, inputs.volumesDir));
  const points = new Set(mounts.map((mount) => mountPoint(mount.destination)));
  builder.spec.mounts = builder.spec.mounts.filter((m) => !points.has(mountPoint(m.destination)));
  builder.spec.mounts.push(...mounts);

  for (const mount of requested) builder.note(`mounts[${mount.destination}]`, 'user', mount.flag);
}

function ociMount(mount: UserMount, volumesDir: string | undefined): OciMount {
  const { destination } = mount;
  switch (mount.type) {
    case 'tmpfs':
      return {
        destination,
        type: 'tmpfs',
        source: 'tmpfs',
        options: mountOptions(mount.options, true, ENGINE_MOUNT_FLAGS),
      };
    case 'volume':
      return {
        destination,
        type: 'bind',
        source: volumeData(volumesDir, mount.source || newVolumeName()),
        options: mountOptions(mount.options, false, ENGINE_MOUNT_FLAGS),
      };
    case 'bind': {
      const source = hostSource(mount);
      const options = mountOptions(mount.options, false, hostMountFlags(source));
      return { destination, type: 'bind', source, options };
    }
  }
}

function volumeData(volumesDir: string | undefined, name: string): string {
  if (volumesDir === undefined) {
    throw new StorageError(`no volumes directory is known for volume ${name}`);
  }
  return join(volumesDir, name, '_data');
}

/**
 * hostSource is a bind's source as an absolute, clean path that exists. Podman checks a
 * relative `-v` source with lstat before making it absolute, and every source with statfs.
 */
function hostSource(mount: UserMount): string {
  let source = mountPoint(mount.source);
  if (!source.startsWith('/')) {
    if (mount.flag.startsWith('--volume')) check('lstat', source, lstatSync);
    source = resolve(source);
  }
  check('statfs', source, statSync);
  return source;
}

function check(call: string, path: string, probe: (path: string) => unknown): void {
  try {
    probe(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const text = GO_ERRNO_TEXT[code] ?? (error as Error).message;
    throw new InvalidArgument(`${call} ${path}: ${text}`);
  }
}
