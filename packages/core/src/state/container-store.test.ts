import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SkiffError } from '@skiff/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createOptions } from '../testing/create-options.js';
import { ContainerStore, type StoredContainer } from './container-store.js';
import { openDatabase, type Database } from './database.js';
import { ImageStore } from './image-store.js';

const IMAGE_ID = 'f'.repeat(64);

let dir: string;
let db: Database;
let store: ContainerStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-core-containers-'));
  db = openDatabase(dir);
  store = new ContainerStore(db);
  new ImageStore(db).save(
    {
      id: IMAGE_ID,
      digest: `sha256:${'e'.repeat(64)}`,
      created: '2024-01-01T00:00:00Z',
      size: 1,
      layers: [],
      config: { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } },
    },
    ['localhost/app:latest'],
  );
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const options = createOptions;

function container(id: string, name: string, created = '2024-01-02T00:00:00Z'): StoredContainer {
  return {
    id,
    name,
    imageId: IMAGE_ID,
    imageName: 'localhost/app:latest',
    created,
    command: ['/bin/true'],
    options: options({ name, securityOpt: ['label=level:s0:c1,c2'] }),
    spec: {
      ociVersion: '1.0.2-dev',
      process: { user: { uid: 0, gid: 0 }, args: ['/bin/true'], env: [], cwd: '/' },
      root: { path: '' },
      mounts: [],
      linux: { namespaces: [] },
    },
    processLabel: 'system_u:system_r:container_t:s0:c1,c2',
    mountLabel: 'system_u:object_r:container_file_t:s0:c1,c2',
    runtime: 'runc',
    state: {
      status: 'created',
      exitCode: 0,
      pid: 0,
      monitorPid: 0,
      restartCount: 0,
      stoppedByUser: false,
    },
    provenance: [{ path: 'process.args', source: 'image', origin: 'Cmd' }],
  };
}

function failure(fn: () => unknown): SkiffError {
  try {
    fn();
  } catch (error) {
    if (SkiffError.is(error)) return error;
    throw error;
  }
  return expect.unreachable('expected a SkiffError');
}

const ID_A = `abc1${'0'.repeat(60)}`;
const ID_B = `abc2${'0'.repeat(60)}`;

describe('ContainerStore', () => {
  it('gives back an inserted container as it was stored', () => {
    const original = container(ID_A, 'web');
    store.insert(original);

    expect(store.resolve(ID_A)).toEqual(original);
  });

  it('refuses a second container with a name in use, naming its owner', () => {
    store.insert(container(ID_A, 'web'));

    const error = failure(() => store.insert(container(ID_B, 'web')));

    expect(error.code).toBe('NameInUse');
    expect(error.message).toBe(
      `the container name "web" is already in use by ${ID_A}. You have to remove that ` +
        'container to be able to reuse that name: that name is already in use',
    );
    expect(store.list().map((c) => c.id)).toEqual([ID_A]);
  });

  it('resolves a container by full id, by name and by a unique id prefix', () => {
    store.insert(container(ID_A, 'web'));
    store.insert(container(ID_B, 'db'));

    expect(store.resolve(ID_B).name).toBe('db');
    expect(store.resolve('web').id).toBe(ID_A);
    expect(store.resolve('abc2').id).toBe(ID_B);
    expect(store.resolve('abc1000').id).toBe(ID_A);
  });

  it('prefers an exact name over an id prefix that looks the same', () => {
    store.insert(container(ID_A, 'web'));
    store.insert(container(ID_B, 'abc1'));

    expect(store.resolve('abc1').id).toBe(ID_B);
  });

  it('reports an id prefix that matches several containers as ambiguous', () => {
    store.insert(container(ID_A, 'web'));
    store.insert(container(ID_B, 'db'));

    const error = failure(() => store.resolve('abc'));

    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toBe('more than one result for container "abc"');
  });

  it('reports an unknown name or id with Podman words', () => {
    store.insert(container(ID_A, 'web'));

    for (const typed of ['x', 'abd', 'ab%', 'we']) {
      const error = failure(() => store.resolve(typed));
      expect(error.code).toBe('NoSuchContainer');
      expect(error.message).toBe(
        `no container with name or ID "${typed}" found: no such container`,
      );
    }
  });

  it('updates state and provenance, and forgets a deleted container', () => {
    store.insert(container(ID_A, 'web'));
    const state = {
      status: 'exited' as const,
      exitCode: 3,
      pid: 0,
      startedAt: '2024-01-03T00:00:00Z',
      finishedAt: '2024-01-03T00:00:01Z',
      monitorPid: 4242,
      restartCount: 2,
      stoppedByUser: true,
    };
    const provenance = [{ path: 'root.path', source: 'engine' as const, origin: 'rootfs' }];

    store.updateState(ID_A, state);
    store.updateProvenance(ID_A, provenance);

    expect(store.resolve('web').state).toEqual(state);
    expect(store.resolve('web').provenance).toEqual(provenance);
    store.delete(ID_A);
    expect(() => store.resolve('web')).toThrow('no such container');
    expect(store.removedExitCode(ID_A)).toBe(3);
  });

  it('keeps no exit code for a removed container that never exited', () => {
    store.insert(container(ID_A, 'web'));
    store.delete(ID_A);

    expect(store.removedExitCode(ID_A)).toBeUndefined();
  });

  it('finds containers by exact id and tells which names exist', () => {
    store.insert(container(ID_A, 'web'));

    expect(store.byId(ID_A)?.name).toBe('web');
    expect(store.byId(ID_A.slice(0, 8))).toBeUndefined();
    expect(store.exists('web')).toBe(true);
    expect(store.exists(ID_A.slice(0, 6))).toBe(true);
    expect(store.exists('nope')).toBe(false);
  });

  it('lists newest first and tells which containers use an image', () => {
    store.insert(container(ID_A, 'old', '2024-01-01T00:00:00Z'));
    store.insert(container(ID_B, 'new', '2024-02-01T00:00:00Z'));

    expect(store.list().map((c) => c.name)).toEqual(['new', 'old']);
    expect(store.countUsing(IMAGE_ID).sort()).toEqual([ID_A, ID_B]);
    expect(store.countUsing('0'.repeat(64))).toEqual([]);
  });
});
