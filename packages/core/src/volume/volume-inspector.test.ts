import { describe, expect, it } from 'vitest';

import type { VolumeRecord } from '../state/volume-store.js';
import { inspectVolume } from './volume-inspector.js';
import { VolumePaths } from './volume-paths.js';

function volume(fields: Partial<VolumeRecord> = {}): VolumeRecord {
  return {
    name: 'web',
    driver: 'local',
    created: '2024-05-01T10:00:00.120Z',
    labels: { a: 'b' },
    options: {},
    anonymous: false,
    needsCopyUp: true,
    needsChown: true,
    ...fields,
  };
}

describe('inspectVolume', () => {
  it("shows Podman's keys in Podman's order", () => {
    const report = inspectVolume(volume(), new VolumePaths('/r'));

    expect(Object.keys(report)).toEqual([
      'Name',
      'Driver',
      'Mountpoint',
      'CreatedAt',
      'Labels',
      'Scope',
      'Options',
      'MountCount',
      'NeedsCopyUp',
      'NeedsChown',
    ]);
    expect(report).toMatchObject({ Mountpoint: '/r/volumes/web/_data', Scope: 'local' });
  });

  it('prints the time as Go does and leaves out what Podman omits when false', () => {
    const report = inspectVolume(
      volume({ created: '2024-05-01T10:00:00.000Z', needsCopyUp: false, needsChown: false }),
      new VolumePaths('/r'),
    );

    expect(report.CreatedAt).toBe('2024-05-01T10:00:00Z');
    expect(report).not.toHaveProperty('NeedsCopyUp');
    expect(report).not.toHaveProperty('NeedsChown');
    expect(inspectVolume(volume(), new VolumePaths('/r')).CreatedAt).toBe(
      '2024-05-01T10:00:00.12Z',
    );
  });

  it('marks an anonymous volume', () => {
    expect(inspectVolume(volume({ anonymous: true }), new VolumePaths('/r')).Anonymous).toBe(true);
  });
});
