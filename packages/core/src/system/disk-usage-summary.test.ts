import { describe, expect, it } from 'vitest';

import type { ContainerUsage, DiskUsage, ImageUsage } from './disk-usage.js';
import { summarizeDiskUsage } from './disk-usage-summary.js';

function image(fields: Partial<ImageUsage>): ImageUsage {
  const base = { id: 'i1', repository: 'localhost/bb', tag: 'latest', created: '', size: 0 };
  return { ...base, sharedSize: 0, uniqueSize: 0, containers: 0, ...fields };
}

function container(fields: Partial<ContainerUsage>): ContainerUsage {
  const base = { id: 'c1', imageId: 'i1', command: ['true'], localVolumes: 0, size: 0 };
  return { ...base, created: '', status: 'exited', name: 'c', ...fields };
}

const USAGE: DiskUsage = {
  images: [
    image({ id: 'i1', size: 2_131_015, containers: 3 }),
    image({ id: 'i1', tag: 'v1', size: 2_131_015, containers: 3 }),
    image({ id: 'i2', size: 11_330 }),
  ],
  containers: [
    container({ id: 'c1', size: 2_345_012, status: 'exited' }),
    container({ id: 'c2', size: 0, status: 'created' }),
    container({ id: 'c3', size: 12, status: 'running' }),
  ],
  volumes: [
    { name: 'v1', links: 2, size: 1_500_000 },
    { name: 'v2', links: 0, size: 0 },
    { name: 'v3', links: 0, size: 777_000 },
  ],
};

describe('summarizeDiskUsage', () => {
  const [images, containers, volumes] = summarizeDiskUsage(USAGE);

  it('counts an image once per name, and as reclaimable only when no container uses it', () => {
    expect(images).toEqual({
      type: 'Images',
      total: 3,
      active: 2,
      size: 2 * 2_131_015 + 11_330,
      reclaimable: 11_330,
    });
  });

  it('counts running containers as active and the others as reclaimable', () => {
    expect(containers).toEqual({
      type: 'Containers',
      total: 3,
      active: 1,
      size: 2_345_024,
      reclaimable: 2_345_012,
    });
  });

  it("adds up volumes' users as Podman does, and frees only unused volumes", () => {
    expect(volumes).toEqual({
      type: 'Local Volumes',
      total: 3,
      active: 2,
      size: 2_277_000,
      reclaimable: 777_000,
    });
  });

  it('gives an empty store zeros', () => {
    const empty = summarizeDiskUsage({ images: [], containers: [], volumes: [] });
    expect(empty.map((row) => [row.total, row.active, row.size, row.reclaimable])).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });
});
