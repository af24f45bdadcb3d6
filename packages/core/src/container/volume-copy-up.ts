import { execFile } from 'node:child_process';
import { chownSync, chmodSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { promisify } from 'node:util';

import { StorageError } from '@skiff/contracts';
import createDebug from 'debug';

import { scopedPath } from '../spec/scoped-path.js';
import type { ResolvedUser } from '../spec/user-resolver.js';
import type { VolumeAttachment } from '../volume/volume-attachments.js';
import type { VolumeService } from '../volume/volume-service.js';

const debug = createDebug('skiff:core:volume');
const run = promisify(execFile);

/** CopyUpInputs are what a container's first use of its volumes needs. */
export interface CopyUpInputs {
  containerId: string;
  rootfs: string;
  user: ResolvedUser;
  volumes: VolumeService;
}

/**
 * copyUpVolumes does, for each volume still marked so, what Podman does at a volume's first
 * use: the data directory is given to the container's user, or to the owner and mode of the
 * image's directory at the mount point when there is one, and that directory's content is
 * copied into the volume if the volume is still empty, unless the mount says `nocopy`.
 */
export async function copyUpVolumes(
  inputs: CopyUpInputs,
  attachments: readonly VolumeAttachment[],
): Promise<void> {
  for (const attachment of attachments) {
    const name = attachment.volume;
    if (name === undefined) continue;
    const volume = inputs.volumes.get(name);
    if (!volume.needsChown && !volume.needsCopyUp) continue;

    const image = imageDirectory(inputs.rootfs, attachment.mount.destination);
    if (volume.needsChown) chownData(attachment.source, inputs.user, image);
    const copiedUp = volume.needsCopyUp && image !== undefined && !nocopy(attachment);
    if (copiedUp) await copyInto(image, attachment.source);
    inputs.volumes.markUsed(name, { chowned: true, copiedUp: copiedUp || nocopy(attachment) });
    debug('%s: volume %s ready (copied up: %s)', inputs.containerId, name, copiedUp);
  }
}

function imageDirectory(rootfs: string, destination: string): string | undefined {
  const path = scopedPath(rootfs, destination);
  try {
    return statSync(path).isDirectory() ? path : undefined;
  } catch {
    return undefined;
  }
}

function nocopy(attachment: VolumeAttachment): boolean {
  return attachment.mount.options.includes('nocopy');
}

function chownData(data: string, user: ResolvedUser, image: string | undefined): void {
  const owner = image ? lstatSync(image) : undefined;
  chownSync(data, owner?.uid ?? user.uid, owner?.gid ?? user.gid);
  if (owner) chmodSync(data, owner.mode & 0o7777);
}

// cp(1) keeps owners, modes, times, links and special files, which Node's copy does not all.
async function copyInto(source: string, data: string): Promise<void> {
  if (readdirSync(data).length > 0) return;
  try {
    await run('cp', ['-a', '--', `${source}/.`, data]);
  } catch (error) {
    throw new StorageError(`copying ${source} into volume data ${data}`, { cause: error });
  }
}
