import { describe, expect, it } from 'vitest';

import type { ContainerUsage, DiskUsage, ImageUsage } from './disk-usage.js';
import { reclaimedSpace } from './reclaimed-space.js';

function image(id: string, repository: string, size: number): ImageUsage {
  const row = { id, repository, tag: 'latest', created: '', size };
  return { ...row, sharedSize: 0, uniqueSize: size, containers: 0 };
}

function container(id: string, size: number): ContainerUsage {
  const row = { id, imageId: 'i1', command: ['true'], localVolumes: 0, size };
  return { ...row, created: '', status: 'exited', name: id };
}

const BEFORE: DiskUsage = {
  images: [image('i1', 'a', 1000), image('i1', 'b', 1000), image('i2', '<none>', 50)],
  containers: [container('c1', 2345), container('c2', 7)],
  volumes: [
    { name: 'v1', links: 0, size: 300 },
    { name: 'v2', links: 1, size: 4000 },
  ],
};

describe('reclaimedSpace', () => {
  it('adds the sizes measured before of what was removed, an image once for all its names', () => {
    const removed = { containers: ['c1'], volumes: ['v1'], images: ['i1'] };
    expect(reclaimedSpace(BEFORE, removed)).toBe(2345 + 300 + 1000);
  });

  it('counts nothing for objects it never measured or when nothing was removed', () => {
    expect(reclaimedSpace(BEFORE, { containers: ['gone'], volumes: [], images: [] })).toBe(0);
    expect(reclaimedSpace(BEFORE, { containers: [], volumes: [], images: [] })).toBe(0);
  });
});
