import type { DiskUsageReport } from '@skiff/core';
import { describe, expect, it } from 'vitest';

import {
  DiskUsageRow,
  diskUsageJson,
  renderDiskUsage,
  renderDiskUsageVerbose,
} from './disk-usage-output.js';
import { preciseSize } from './human.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ID = '32de317986864d3d4569d7079b6af9a6fe10d957c124c5d3be5ab58b3bfe5417';

const REPORT: DiskUsageReport = {
  images: [
    {
      id: ID,
      repository: 'localhost/busybox',
      tag: 'latest',
      created: '2026-01-01T11:58:00Z',
      size: 2_131_015,
      sharedSize: 0,
      uniqueSize: 2_131_015,
      containers: 1,
    },
  ],
  containers: [
    {
      id: 'cc1238f763faad0811049ae4a39867926dd146a9cfc1af14ac1d638de25be5ae',
      imageId: ID,
      command: ['sleep', '1000'],
      localVolumes: 1,
      size: 12,
      created: '2026-01-01T11:59:59.500Z',
      status: 'running',
      name: 'c3',
    },
  ],
  volumes: [{ name: 'vol1', links: 1, size: 1_500_000 }],
  summary: [
    { type: 'Images', total: 1, active: 1, size: 2_131_015, reclaimable: 0 },
    { type: 'Containers', total: 3, active: 1, size: 2_345_024, reclaimable: 2_345_012 },
    { type: 'Local Volumes', total: 3, active: 2, size: 2_277_000, reclaimable: 777_000 },
  ],
};

describe('preciseSize', () => {
  it.each([
    [0, '0B'],
    [12, '12B'],
    [777_000, '777kB'],
    [1_500_000, '1.5MB'],
    [2_131_015, '2.131MB'],
    [11_330, '11.33kB'],
    [6_393_045, '6.393MB'],
  ])('prints %d bytes as go-units HumanSize does: %s', (bytes, text) => {
    expect(preciseSize(bytes)).toBe(text);
  });
});

describe('renderDiskUsage', () => {
  it("lays the totals out as Podman's table, reclaimable with its rounded share", () => {
    expect(renderDiskUsage(REPORT.summary)).toBe(
      'TYPE           TOTAL       ACTIVE      SIZE        RECLAIMABLE\n' +
        'Images         1           1           2.131MB     0B (0%)\n' +
        'Containers     3           1           2.345MB     2.345MB (100%)\n' +
        'Local Volumes  3           2           2.277MB     777kB (34%)\n',
    );
  });

  it('gives an empty type 0% rather than dividing by zero', () => {
    const empty = [{ type: 'Images' as const, total: 0, active: 0, size: 0, reclaimable: 0 }];
    expect(renderDiskUsage(empty).split('\n')[1]).toBe(
      'Images      0           0           0B          0B (0%)',
    );
  });
});

describe('renderDiskUsageVerbose', () => {
  it("prints Podman's three sections, ages without 'ago' and statuses in lower case", () => {
    expect(renderDiskUsageVerbose(REPORT, NOW)).toBe(
      'Images space usage:\n\n' +
        'REPOSITORY         TAG         IMAGE ID      CREATED     SIZE        SHARED SIZE  ' +
        'UNIQUE SIZE  CONTAINERS\n' +
        'localhost/busybox  latest      32de31798686  2 minutes   2.131MB     0B           ' +
        '2.131MB      1\n' +
        '\nContainers space usage:\n\n' +
        'CONTAINER ID  IMAGE         COMMAND     LOCAL VOLUMES  SIZE        CREATED             ' +
        'STATUS      NAMES\n' +
        'cc1238f763fa  32de31798686  sleep 1000  1              12B         Less than a second  ' +
        'running     c3\n' +
        '\nLocal Volumes space usage:\n\n' +
        'VOLUME NAME  LINKS       SIZE\n' +
        'vol1         1           1.5MB\n',
    );
  });
});

describe('diskUsageJson', () => {
  it("gives the totals under the keys of Podman's {{json .}}, sizes in bytes", () => {
    expect(JSON.parse(diskUsageJson(REPORT.summary))[1]).toEqual({
      Type: 'Containers',
      Total: 3,
      Active: 1,
      Size: 2_345_024,
      Reclaimable: 2_345_012,
    });
  });
});

describe('DiskUsageRow', () => {
  const row = new DiskUsageRow(REPORT.summary[2]);

  it('shows templates the sizes as the table prints them, and in bytes as Raw fields', () => {
    expect(row).toMatchObject({
      Type: 'Local Volumes',
      Size: '2.277MB',
      Reclaimable: '777kB (34%)',
      RawSize: 2_277_000,
      RawReclaimable: 777_000,
    });
  });

  it("turns into the JSON of Podman 4.3's {{json .}}, sizes in bytes", () => {
    expect(JSON.stringify(row)).toBe(
      '{"Type":"Local Volumes","Total":3,"Active":2,"Size":2277000,"Reclaimable":777000}',
    );
  });
});
