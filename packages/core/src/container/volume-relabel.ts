import type { LabelProvider } from '@skiff/contracts';
import createDebug from 'debug';

import type { StoredContainer } from '../state/container-store.js';
import type { VolumeAttachment } from '../volume/volume-attachments.js';

const debug = createDebug('skiff:core:volume');

/**
 * relabelVolumes gives the source of each `:z` / `:Z` mount the container's mount label, shared
 * (level `s0`) for `z`, as Podman does each time it prepares a container. Nothing happens
 * without a mount label (no SELinux). Once the container has been started, a source whose own
 * label already is the mount label is skipped, so a `:Z` tree is walked once, while a `:z`
 * one, labelled at `s0`, is walked again. A refused path (`/usr`) fails the start.
 */
export async function relabelVolumes(
  labels: LabelProvider,
  container: StoredContainer,
  attachments: readonly VolumeAttachment[],
): Promise<void> {
  const { mountLabel } = container;
  if (mountLabel === '') return;

  const startedBefore = container.state.status !== 'created' || !!container.state.startedAt;
  for (const { mount, source } of attachments) {
    if (mount.relabel === undefined) continue;
    if (startedBefore && (await labels.fileLabel?.(source)) === mountLabel) {
      debug('%s: %s already has the mount label', container.id, source);
      continue;
    }

    await labels.relabel({ path: source, mountLabel, shared: mount.relabel === 'z' });
    debug('%s: relabelled %s (%s)', container.id, source, mount.relabel);
  }
}
