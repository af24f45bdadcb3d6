import type { ImageRecord } from '@skiff/contracts';

import { refreshState } from '../container/container-states.js';
import type { EngineContext } from '../engine-context.js';
import type { StoredContainer } from '../state/container-store.js';
import { volumeAttachments } from '../volume/volume-attachments.js';
import { VolumeService } from '../volume/volume-service.js';
import { directorySize } from './directory-size.js';
import { summarizeDiskUsage, type DiskUsageSummary } from './disk-usage-summary.js';
import { writableLayerSize } from './writable-layer-size.js';

/** ImageUsage is one row of `system df -v`'s images: an image under one of its names. */
export interface ImageUsage {
  id: string;
  /** `<none>` for an image without a name, as Podman shows it. */
  repository: string;
  tag: string;
  created: string;
  size: number;
  /** The bytes of the image's layers that another image uses too. */
  sharedSize: number;
  uniqueSize: number;
  /** How many containers were made from the image. */
  containers: number;
}

/** ContainerUsage is one row of `system df -v`'s containers. */
export interface ContainerUsage {
  id: string;
  imageId: string;
  command: string[];
  /** How many named or anonymous volumes the container mounts. */
  localVolumes: number;
  /** The bytes the container wrote to its own file system. */
  size: number;
  created: string;
  status: StoredContainer['state']['status'];
  name: string;
}

/** VolumeUsage is one row of `system df -v`'s volumes. */
export interface VolumeUsage {
  name: string;
  /** How many containers use the volume. */
  links: number;
  size: number;
}

/** DiskUsage is what `system df` measures: images, containers and volumes. */
export interface DiskUsage {
  images: ImageUsage[];
  containers: ContainerUsage[];
  volumes: VolumeUsage[];
}

/** DiskUsageReport is `system df`: each row measured, and the totals by type. */
export interface DiskUsageReport extends DiskUsage {
  summary: DiskUsageSummary[];
}

/**
 * collectDiskUsage measures the store. Image sizes come from their records; containers' and
 * volumes' sizes from walking their directories, which costs time in proportion to what they
 * hold.
 */
export async function collectDiskUsage(ctx: EngineContext): Promise<DiskUsageReport> {
  const containers = ctx.containers.list();
  for (const container of containers) await refreshState(ctx, container);
  const images = ctx.images.list();
  const layers = new Map(images.map((image) => [image.id, image.layers.map((l) => l.diffId)]));

  const usage: DiskUsage = {
    images: imageUsage(images, containers),
    containers: containers.map((c) => containerUsage(ctx, c, layers.get(c.imageId) ?? [])),
    volumes: volumeUsage(ctx),
  };
  return { ...usage, summary: summarizeDiskUsage(usage) };
}

function imageUsage(images: ImageRecord[], containers: StoredContainer[]): ImageUsage[] {
  const users = new Map<string, number>();
  for (const { imageId } of containers) users.set(imageId, (users.get(imageId) ?? 0) + 1);
  const layerOwners = new Map<string, number>();
  for (const image of images) {
    for (const diffId of new Set(image.layers.map((layer) => layer.diffId))) {
      layerOwners.set(diffId, (layerOwners.get(diffId) ?? 0) + 1);
    }
  }

  return images.flatMap((image) => {
    const shared = image.layers
      .filter((layer) => (layerOwners.get(layer.diffId) ?? 0) > 1)
      .reduce((sum, layer) => sum + layer.size, 0);
    const sharedSize = Math.min(shared, image.size);
    return repositoryTags(image).map(([repository, tag]) => ({
      id: image.id,
      repository,
      tag,
      created: image.created,
      size: image.size,
      sharedSize,
      uniqueSize: image.size - sharedSize,
      containers: users.get(image.id) ?? 0,
    }));
  });
}

// Podman gives an image one row per name, so an image with three names counts three times.
function repositoryTags(image: ImageRecord): [string, string][] {
  if (image.names.length === 0) return [['<none>', '<none>']];
  return image.names.map((name) => {
    const at = name.indexOf('@');
    if (at >= 0) return [name.slice(0, at), '<none>'];
    const colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) return [name.slice(0, colon), name.slice(colon + 1)];
    return [name, '<none>'];
  });
}

function containerUsage(
  ctx: EngineContext,
  container: StoredContainer,
  diffIds: readonly string[],
): ContainerUsage {
  const service = new VolumeService(ctx);
  const volumes = volumeAttachments(container, service.paths).filter((a) => a.volume);

  return {
    id: container.id,
    imageId: container.imageId,
    command: container.command,
    localVolumes: volumes.length,
    size: writableLayerSize(ctx.environment.root, container.id, diffIds),
    created: container.created,
    status: container.state.status,
    name: container.name,
  };
}

function volumeUsage(ctx: EngineContext): VolumeUsage[] {
  const service = new VolumeService(ctx);
  return service.list().map((volume) => ({
    name: volume.name,
    links: service.users(volume.name).length,
    size: directorySize(service.paths.data(volume.name)),
  }));
}
