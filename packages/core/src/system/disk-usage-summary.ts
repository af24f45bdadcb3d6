import type { DiskUsage } from './disk-usage.js';

/** DiskUsageSummary is one row of `system df`: a kind of object, counted and measured. */
export interface DiskUsageSummary {
  type: 'Images' | 'Containers' | 'Local Volumes';
  total: number;
  active: number;
  size: number;
  /** The bytes a prune could free: unused images, stopped containers, unused volumes. */
  reclaimable: number;
}

/**
 * summarizeDiskUsage totals a report as Podman does, quirks included: an image counts once per
 * name, only running containers are active, and volumes' ACTIVE adds up their users, so a
 * volume two containers use counts twice.
 */
export function summarizeDiskUsage(report: DiskUsage): DiskUsageSummary[] {
  const { images, containers, volumes } = report;
  const running = containers.filter((c) => c.status === 'running');
  return [
    {
      type: 'Images',
      total: images.length,
      active: images.filter((i) => i.containers > 0).length,
      size: sum(images.map((i) => i.size)),
      reclaimable: sum(images.filter((i) => i.containers === 0).map((i) => i.size)),
    },
    {
      type: 'Containers',
      total: containers.length,
      active: running.length,
      size: sum(containers.map((c) => c.size)),
      reclaimable: sum(containers.filter((c) => c.status !== 'running').map((c) => c.size)),
    },
    {
      type: 'Local Volumes',
      total: volumes.length,
      active: sum(volumes.map((v) => v.links)),
      size: sum(volumes.map((v) => v.size)),
      reclaimable: sum(volumes.filter((v) => v.links === 0).map((v) => v.size)),
    },
  ];
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
