import { parseUserMounts } from '../spec/volume-mounts.js';
import type { UserMount } from '../spec/volume-user-mount.js';
import type { StoredContainer } from '../state/container-store.js';
import type { VolumePaths } from './volume-paths.js';

/** VolumeAttachment is one of a container's user mounts with what config.json made of it. */
export interface VolumeAttachment {
  mount: UserMount;
  /** The mount's source in config.json: a host path, a volume's data directory, `tmpfs`. */
  source: string;
  /** The mount's options in config.json. */
  options: string[];
  /** The volume's name, for a named or anonymous volume. */
  volume?: string;
}

/**
 * volumeAttachments pairs the mounts a container was created with (its flags, read again) with
 * their config.json entries, which hold what only creation knew: a relative bind source made
 * absolute, an anonymous volume's generated name.
 */
export function volumeAttachments(
  container: StoredContainer,
  paths: VolumePaths,
): VolumeAttachment[] {
  const attachments: VolumeAttachment[] = [];

  for (const mount of parseUserMounts(container.options)) {
    const ociType = mount.type === 'tmpfs' ? 'tmpfs' : 'bind';
    const entry = container.spec.mounts.findLast(
      (candidate) => candidate.destination === mount.destination && candidate.type === ociType,
    );
    if (entry === undefined) continue;

    const source = entry.source ?? '';
    const attachment: VolumeAttachment = { mount, source, options: entry.options ?? [] };
    const volume = mount.type === 'volume' ? paths.nameOf(source) : undefined;
    if (volume !== undefined) attachment.volume = volume;
    attachments.push(attachment);
  }
  return attachments;
}
