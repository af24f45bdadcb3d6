import type { EngineContext } from '../engine-context.js';
import { resolveUser } from '../spec/user-resolver.js';
import type { StoredContainer } from '../state/container-store.js';
import { volumeAttachments } from '../volume/volume-attachments.js';
import { VolumeService } from '../volume/volume-service.js';
import { copyUpVolumes } from './volume-copy-up.js';
import { relabelVolumes } from './volume-relabel.js';

/**
 * prepareVolumes readies a container's user mounts on its mounted root file system, before its
 * config.json is written: relabelling for `:z` / `:Z` first, since a refused path must fail the
 * start before anything changes, then each volume's first-use copy-up and ownership.
 */
export async function prepareVolumes(
  ctx: EngineContext,
  container: StoredContainer,
  rootfs: string,
): Promise<void> {
  const volumes = new VolumeService(ctx);
  const attachments = volumeAttachments(container, volumes.paths);
  if (attachments.length === 0) return;

  await relabelVolumes(await ctx.labelProvider(), container, attachments);

  if (!attachments.some((attachment) => attachment.volume !== undefined)) return;
  const imageUser = ctx.images.get(container.imageId).config.config?.User ?? '';
  const user = resolveUser(rootfs, container.options.user ?? imageUser);
  await copyUpVolumes({ containerId: container.id, rootfs, user, volumes }, attachments);
}
