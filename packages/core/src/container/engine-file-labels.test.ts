import type { LabelProvider, OciSpec, RelabelOptions } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { labelEngineFiles } from './engine-file-labels.js';

const LABEL = 'system_u:object_r:container_file_t:s0:c1,c2';

/** FakeLabels records the relabels asked of it. */
class FakeLabels implements LabelProvider {
  readonly kernelEnforced = true;
  readonly calls: RelabelOptions[] = [];
  async allocate() {
    return { processLabel: '', mountLabel: '' };
  }
  async release() {}
  async relabel(options: RelabelOptions) {
    this.calls.push(options);
  }
}

function spec(): OciSpec {
  const mounts = [
    { destination: '/proc', type: 'proc', source: 'proc' },
    { destination: '/data', type: 'bind', source: '/srv/data', options: ['bind'] },
    { destination: '/etc/hostname', type: 'bind', source: '/run/b/c1/hostname' },
    { destination: '/etc/hosts', type: 'bind', source: '/run/b/c1/hosts' },
    { destination: '/x', type: 'bind', source: '/run/b/c10/hosts' },
  ];
  return { mounts } as unknown as OciSpec;
}

describe('labelEngineFiles', () => {
  it('gives the files mounted from the bundle the private mount label, and nothing else', async () => {
    const labels = new FakeLabels();
    await labelEngineFiles(labels, spec(), '/run/b/c1', LABEL);

    expect(labels.calls).toEqual([
      { path: '/run/b/c1/hostname', mountLabel: LABEL, shared: false },
      { path: '/run/b/c1/hosts', mountLabel: LABEL, shared: false },
    ]);
  });

  it('touches nothing without a mount label', async () => {
    const labels = new FakeLabels();
    await labelEngineFiles(labels, spec(), '/run/b/c1', '');
    expect(labels.calls).toEqual([]);
  });
});
