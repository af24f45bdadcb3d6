import type { DiskUsage } from './disk-usage.js';

/** PrunedObjects names what a prune removed: container ids, volume names, image ids. */
export interface PrunedObjects {
  containers: readonly string[];
  volumes: readonly string[];
  images: readonly string[];
}

/**
 * reclaimedSpace is what `system prune` reports it freed: the sizes, measured before, of the
 * objects it removed. An image counts once however many names it had.
 */
export function reclaimedSpace(before: DiskUsage, removed: PrunedObjects): number {
  const containers = new Map(before.containers.map((c) => [c.id, c.size]));
  const volumes = new Map(before.volumes.map((v) => [v.name, v.size]));
  const images = new Map(before.images.map((i) => [i.id, i.size]));

  const total = (sizes: Map<string, number>, keys: readonly string[]) =>
    [...new Set(keys)].reduce((sum, key) => sum + (sizes.get(key) ?? 0), 0);
  return (
    total(containers, removed.containers) +
    total(volumes, removed.volumes) +
    total(images, removed.images)
  );
}
