import { describe, expect, it } from 'vitest';

import type { StoredContainer } from '../state/container-store.js';
import { createOptions } from '../testing/create-options.js';
import { VolumePaths } from '../volume/volume-paths.js';
import { mountReport } from './volume-mount-report.js';

function container(startedAt?: string): StoredContainer {
  const options = createOptions({ volumes: ['/src:/b:Z', 'web:/v:ro,z'], tmpfs: ['/t'] });
  const mounts = [
    { destination: '/proc', type: 'proc', source: 'proc' },
    { destination: '/b', type: 'bind', source: '/src', options: ['rw', 'rprivate', 'rbind'] },
    {
      destination: '/v',
      type: 'bind',
      source: '/r/volumes/web/_data',
      options: ['ro', 'rprivate', 'nosuid', 'nodev', 'rbind'],
    },
    { destination: '/t', type: 'tmpfs', source: 'tmpfs', options: ['rw'] },
  ];
  return {
    id: 'c1',
    name: 'c1',
    imageId: 'i',
    imageName: 'i',
    created: '',
    command: [],
    options,
    spec: { mounts } as unknown as StoredContainer['spec'],
    provenance: [],
    processLabel: '',
    mountLabel: '',
    runtime: 'runc',
    state: { status: startedAt ? 'exited' : 'created', exitCode: 0, pid: 0, startedAt },
  };
}

describe('mountReport', () => {
  it('lists volumes then binds as Podman inspect shows them, without tmpfs mounts', () => {
    expect(mountReport(container(), new VolumePaths('/r'))).toEqual([
      {
        Type: 'volume',
        Name: 'web',
        Source: '/r/volumes/web/_data',
        Destination: '/v',
        Driver: 'local',
        Mode: 'z',
        Options: ['nosuid', 'nodev', 'rbind'],
        RW: false,
        Propagation: 'rprivate',
      },
      {
        Type: 'bind',
        Source: '/src',
        Destination: '/b',
        Driver: '',
        Mode: 'Z',
        Options: ['rbind'],
        RW: true,
        Propagation: 'rprivate',
      },
    ]);
  });

  it("stops showing a bind's z/Z once the container has started, but not a volume's", () => {
    const [volume, bind] = mountReport(container('2024-01-01T00:00:00Z'), new VolumePaths('/r'));

    expect(volume.Mode).toBe('z');
    expect(bind.Mode).toBe('');
  });
});
