import type { ImageSummary } from '@skiff/core';
import { describe, expect, it } from 'vitest';

import { imageRows, imagesJson, imagesQuiet, imagesTable, sortImageRows } from './image-rows.js';

const NOW = Date.parse('2026-01-01T01:00:00Z');

function image(id: string, names: string[], created: string, size: number): ImageSummary {
  return {
    id: id.repeat(64),
    names,
    digest: `sha256:${'d'.repeat(64)}`,
    created,
    size,
    layers: [],
    config: { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } },
    parentId: '',
    containers: 0,
    dangling: names.length === 0,
    intermediate: false,
  };
}

// In the order stored, as the engine lists them.
const IMAGES = [
  image(
    '3',
    ['localhost/busybox:latest', 'localhost/other/name:v1', 'quay.io/x/busybox:2'],
    '2026-01-01T00:00:00Z',
    2131015,
  ),
  image('1', ['localhost/labelled:latest'], '2026-01-01T00:59:00.9Z', 2137035),
  image('a', [], '2026-01-01T00:59:30Z', 2136743),
];

const rows = (key: string) =>
  sortImageRows(imageRows(IMAGES, { noTrunc: false, now: NOW }), key).map(
    (row) => `${row.Repository}:${row.Tag}`,
  );

describe('image rows', () => {
  it('gives each tagged name a row and sorts as Podman 4.3.1, ties in order', () => {
    expect(rows('created')).toEqual([
      '<none>:<none>',
      'localhost/labelled:latest',
      'localhost/busybox:latest',
      'localhost/other/name:v1',
      'quay.io/x/busybox:2',
    ]);
    expect(rows('tag')).toEqual([
      'quay.io/x/busybox:2',
      '<none>:<none>',
      'localhost/busybox:latest',
      'localhost/labelled:latest',
      'localhost/other/name:v1',
    ]);
    expect(rows('size').slice(-2)).toEqual(['<none>:<none>', 'localhost/labelled:latest']);
    expect(() => rows('bogus')).toThrow(
      '"bogus" is not a valid field for sorting. Choose from: tag, created, id, repository, size',
    );
  });

  it('fills template fields as Podman: words for ages and sizes, times in whole seconds', () => {
    const [row] = imageRows([IMAGES[1]], { noTrunc: false, now: NOW });
    expect(row).toMatchObject({
      ID: '111111111111',
      Created: 'About a minute ago',
      CreatedSince: 'About a minute ago',
      CreatedAt: '2026-01-01 00:59:00 +0000 UTC',
      Size: '2.14 MB',
      History: 'localhost/labelled:latest',
      Names: ['localhost/labelled:latest'],
    });
    expect(imageRows([IMAGES[1]], { noTrunc: true, now: NOW })[0].ID).toBe(
      `sha256:${'1'.repeat(64)}`,
    );
  });

  it('prints ids once each with -q, JSON per row, and the default table', () => {
    const all = sortImageRows(imageRows(IMAGES, { noTrunc: false, now: NOW }), 'created');
    expect(imagesQuiet(all)).toBe(`${'a'.repeat(12)}\n${'1'.repeat(12)}\n${'3'.repeat(12)}\n`);
    const json = JSON.parse(imagesJson(all));
    expect(json).toHaveLength(5);
    expect(Object.keys(json[0])).toEqual([
      'Id',
      'ParentId',
      'RepoTags',
      'RepoDigests',
      'Size',
      'SharedSize',
      'VirtualSize',
      'Labels',
      'Containers',
      'Dangling',
      'Digest',
      'Created',
      'CreatedAt',
    ]);
    expect(json[1].History).toEqual(['localhost/labelled:latest']);
    expect(json[1]).toMatchObject({ CreatedAt: '2026-01-01T00:59:00Z', Created: 1767229140 });
    expect(json[2].RepoDigests).toHaveLength(3);
    expect(imagesTable(all, { digests: false, noHeading: false }).split('\n')[0]).toBe(
      'REPOSITORY            TAG         IMAGE ID      CREATED             SIZE',
    );
  });
});
