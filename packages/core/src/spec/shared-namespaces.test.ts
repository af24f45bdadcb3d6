import type { OciMount, OciSpec } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import {
  adjustShm,
  joinSharedNamespaces,
  namespaceChoices,
  namespaceList,
  sharedTargets,
} from './shared-namespaces.js';

const SHM: OciMount = { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: [] };
const PROC: OciMount = { destination: '/proc', type: 'proc', source: 'proc' };

describe('namespaceList', () => {
  it('gives a container namespaces of its own by default', () => {
    expect(namespaceList(namespaceChoices({}))).toEqual(
      ['pid', 'network', 'ipc', 'uts', 'mount'].map((type) => ({ type })),
    );
  });

  it('leaves out what it shares with the host and names a path it joins', () => {
    const choices = namespaceChoices({ pid: 'host', ipc: 'ns:/proc/self/ns/ipc' });
    expect(namespaceList(choices)).toEqual([
      { type: 'network' },
      { type: 'ipc', path: '/proc/self/ns/ipc' },
      { type: 'uts' },
      { type: 'mount' },
    ]);
  });
});

describe('adjustShm', () => {
  it("binds the host's /dev/shm for --ipc host and drops it for --ipc none", () => {
    const host = adjustShm([PROC, SHM], namespaceChoices({ ipc: 'host' }).ipc);
    expect(host[1]).toMatchObject({ destination: '/dev/shm', type: 'bind', source: '/dev/shm' });
    expect(adjustShm([PROC, SHM], namespaceChoices({ ipc: 'none' }).ipc)).toEqual([PROC]);
    expect(adjustShm([PROC, SHM], namespaceChoices({}).ipc)).toEqual([PROC, SHM]);
  });
});

describe('joinSharedNamespaces', () => {
  it("points a shared namespace at the other container's process", () => {
    const choices = namespaceChoices({ pid: 'container:abc', ipc: 'container:def' });
    const spec = { linux: { namespaces: namespaceList(choices) }, mounts: [SHM] } as OciSpec;
    const pids: Record<string, number> = { abc: 41, def: 42 };

    joinSharedNamespaces(spec, choices, (id) => pids[id]);
    expect(spec.linux.namespaces).toContainEqual({ type: 'pid', path: '/proc/41/ns/pid' });
    expect(spec.linux.namespaces).toContainEqual({ type: 'ipc', path: '/proc/42/ns/ipc' });
    expect(sharedTargets(choices)).toEqual(['abc', 'def']);
  });
});
