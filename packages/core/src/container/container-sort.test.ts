import { describe, expect, it } from 'vitest';

import { CONTAINER_SORT_KEYS, sortContainers } from './container-sort.js';
import type { ContainerSummary } from './container-summary.js';

function summary(name: string, fields: Partial<ContainerSummary>): ContainerSummary {
  return {
    id: name,
    image: 'localhost/busybox:latest',
    imageId: 'a'.repeat(64),
    command: ['true'],
    created: '2026-01-01T00:00:00Z',
    status: { status: 'created', exitCode: 0, pid: 0 },
    names: [name],
    labels: {},
    autoRemove: false,
    mounts: [],
    ...fields,
  };
}

// Oldest first, as the listing hands them over.
const ROWS = [
  summary('c1', { id: '8cae', command: ['true'], created: '2026-01-01T00:00:01Z' }),
  summary('c2', {
    id: 'c881',
    command: ['sh', '-c', 'exit 3'],
    created: '2026-01-01T00:00:02Z',
    status: { status: 'exited', exitCode: 3, pid: 0, startedAt: '2026-01-01T00:00:02.9Z' },
  }),
  summary('c3', {
    id: '635a',
    command: ['sleep', '1000'],
    created: '2026-01-01T00:00:03Z',
    status: { status: 'running', exitCode: 0, pid: 9, startedAt: '2026-01-01T00:00:02.1Z' },
  }),
  summary('c4', {
    id: 'ba5b',
    command: ['sh', '-c', 'echo hi'],
    created: '2026-01-01T00:00:04Z',
    status: { status: 'exited', exitCode: 0, pid: 0, startedAt: '2026-01-01T00:00:04Z' },
  }),
];

const order = (key: string) => sortContainers(ROWS, key).map((row) => row.names[0]);

describe('sortContainers', () => {
  it('sorts as Podman 4.3.1 does for each key, keeping ties in order', () => {
    expect(order('command')).toEqual(['c4', 'c2', 'c3', 'c1']);
    expect(order('created')).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(order('id')).toEqual(['c3', 'c1', 'c4', 'c2']);
    expect(order('image')).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(order('names')).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(order('status')).toEqual(['c1', 'c2', 'c4', 'c3']);
  });

  it('sorts by start time in whole seconds, never-started first', () => {
    expect(order('runningfor')).toEqual(['c1', 'c2', 'c3', 'c4']);
  });

  it('sorts by image size only when every row was measured', () => {
    expect(order('size')).toEqual(['c1', 'c2', 'c3', 'c4']);
    const sized = ROWS.map((row, i) => ({ ...row, size: { rootFsSize: 10 - i, rwSize: 0 } }));
    expect(sortContainers(sized, 'size').map((row) => row.names[0])).toEqual([
      'c4',
      'c3',
      'c2',
      'c1',
    ]);
  });

  it('knows Podman keys only', () => {
    expect(CONTAINER_SORT_KEYS).toEqual([
      'command',
      'created',
      'id',
      'image',
      'names',
      'runningfor',
      'size',
      'status',
    ]);
    expect(() => sortContainers(ROWS, 'pod')).toThrow(/invalid option for --sort/);
  });
});
