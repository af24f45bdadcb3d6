import type { LabelProvider, RelabelOptions } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import type { StoredContainer } from '../state/container-store.js';
import { createOptions } from '../testing/create-options.js';
import type { VolumeAttachment } from '../volume/volume-attachments.js';
import { relabelVolumes } from './volume-relabel.js';

const LABEL = 'system_u:object_r:container_file_t:s0:c1,c2';

/** FakeLabels records relabels and reports file labels from a map. */
class FakeLabels implements LabelProvider {
  readonly kernelEnforced = false;
  readonly calls: RelabelOptions[] = [];
  constructor(private readonly labels: Record<string, string> = {}) {}
  async allocate() {
    return { processLabel: '', mountLabel: '' };
  }
  async release() {}
  async relabel(options: RelabelOptions) {
    this.calls.push(options);
  }
  async fileLabel(path: string) {
    return this.labels[path] ?? '';
  }
}

function container(status: 'created' | 'exited', mountLabel = LABEL): StoredContainer {
  return {
    id: 'c1',
    name: 'c1',
    imageId: 'i',
    imageName: 'i',
    created: '',
    command: [],
    options: createOptions(),
    spec: {} as StoredContainer['spec'],
    provenance: [],
    processLabel: '',
    mountLabel,
    runtime: 'runc',
    state: { status, exitCode: 0, pid: 0 },
  };
}

function attachment(source: string, relabel?: 'z' | 'Z'): VolumeAttachment {
  const mount = {
    type: 'bind' as const,
    source,
    destination: '/d',
    options: [],
    flag: '',
    relabel,
  };
  return { mount, source, options: [] };
}

describe('relabelVolumes', () => {
  it('relabels z shared and Z private with the mount label, and leaves other mounts', async () => {
    const labels = new FakeLabels();

    await relabelVolumes(labels, container('created'), [
      attachment('/a', 'z'),
      attachment('/b', 'Z'),
      attachment('/c'),
    ]);

    expect(labels.calls).toEqual([
      { path: '/a', mountLabel: LABEL, shared: true },
      { path: '/b', mountLabel: LABEL, shared: false },
    ]);
  });

  it('does nothing without a mount label', async () => {
    const labels = new FakeLabels();

    await relabelVolumes(labels, container('created', ''), [attachment('/a', 'Z')]);

    expect(labels.calls).toEqual([]);
  });

  it('skips a source already labelled on later starts only', async () => {
    const labels = new FakeLabels({ '/b': LABEL, '/a': 'system_u:object_r:container_file_t:s0' });

    await relabelVolumes(labels, container('created'), [attachment('/b', 'Z')]);
    await relabelVolumes(labels, container('exited'), [
      attachment('/b', 'Z'),
      attachment('/a', 'z'),
    ]);

    expect(labels.calls.map((call) => call.path)).toEqual(['/b', '/a']);
  });

  it('lets a refused path fail', async () => {
    const labels = new FakeLabels();
    labels.relabel = async () => {
      throw new Error('SELinux relabeling of /usr is not allowed');
    };

    await expect(
      relabelVolumes(labels, container('created'), [attachment('/usr', 'Z')]),
    ).rejects.toThrow('SELinux relabeling of /usr is not allowed');
  });
});
