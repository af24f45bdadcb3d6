import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ImageRecord } from '@skiff/contracts';
import { SkiffError } from '@skiff/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openDatabase, type Database } from './database.js';
import { ImageStore } from './image-store.js';

let dir: string;
let db: Database;
let store: ImageStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-core-images-'));
  db = openDatabase(dir);
  store = new ImageStore(db);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function image(id: string, layers: string[], created = '2024-01-01T00:00:00Z') {
  const record: Omit<ImageRecord, 'names'> = {
    id,
    digest: `sha256:${id.split('').reverse().join('')}`,
    created,
    size: layers.length * 100,
    layers: layers.map((diffId) => ({ diffId, size: 100 })),
    config: {
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: layers },
    },
  };
  return record;
}

const ID_A = `aaa1${'0'.repeat(60)}`;
const ID_B = `aaa2${'0'.repeat(60)}`;
const ID_C = `c${'1'.repeat(63)}`;

describe('ImageStore', () => {
  it('gives back a saved image with its names', () => {
    const saved = image(ID_A, ['sha256:l1']);
    store.save(saved, ['localhost/app:latest', 'localhost/app:v1']);

    expect(store.get(ID_A)).toEqual({
      ...saved,
      names: ['localhost/app:latest', 'localhost/app:v1'],
    });
  });

  it('moves a name from the image that had it to the newly saved one', () => {
    store.save(image(ID_A, ['sha256:l1']), ['localhost/app:latest', 'localhost/app:v1']);

    store.save(image(ID_B, ['sha256:l2']), ['localhost/app:latest']);

    expect(store.get(ID_A).names).toEqual(['localhost/app:v1']);
    expect(store.get(ID_B).names).toEqual(['localhost/app:latest']);
    expect(store.lookup('app', ['localhost/app:latest'])?.id).toBe(ID_B);
  });

  it('keeps an image that loses its last name, untagged', () => {
    store.save(image(ID_A, ['sha256:l1']), ['localhost/app:latest']);
    store.save(image(ID_B, ['sha256:l2']), ['localhost/app:latest']);

    expect(store.get(ID_A).names).toEqual([]);
    expect(store.list().map((i) => i.id)).toContain(ID_A);
  });

  it('saving an existing image again only adds names', () => {
    store.save(image(ID_A, ['sha256:l1']), ['localhost/app:latest']);

    store.save({ ...image(ID_A, ['sha256:l1']), size: 999 }, ['localhost/app:v2']);

    expect(store.get(ID_A).size).toBe(100);
    expect(store.get(ID_A).names).toEqual(['localhost/app:latest', 'localhost/app:v2']);
  });

  it('looks an image up by the first candidate name that exists', () => {
    store.save(image(ID_A, []), ['localhost/app:latest']);
    store.save(image(ID_B, []), ['docker.io/library/app:latest']);

    const candidates = ['localhost/app:latest', 'docker.io/library/app:latest'];
    expect(store.lookup('app', candidates)?.id).toBe(ID_A);
    expect(store.lookup('app', candidates.slice(1))?.id).toBe(ID_B);
    expect(store.lookup('app', ['quay.io/app:latest'])).toBeUndefined();
  });

  it('looks an image up by a unique id prefix of at least three characters', () => {
    store.save(image(ID_A, []), []);
    store.save(image(ID_C, []), []);

    expect(store.lookup('c11', [])?.id).toBe(ID_C);
    expect(store.lookup(`sha256:${ID_C}`, [])?.id).toBe(ID_C);
    expect(store.lookup('c1', [])).toBeUndefined();
    expect(store.lookup('c12', [])).toBeUndefined();
  });

  it('reports an id prefix that matches several images as ambiguous', () => {
    store.save(image(ID_A, []), []);
    store.save(image(ID_B, []), []);

    let error: unknown;
    try {
      store.lookup('aaa', []);
    } catch (caught) {
      error = caught;
    }

    expect(SkiffError.is(error) && error.code).toBe('InvalidArgument');
    expect((error as Error).message).toBe('more than one image matches "aaa"');
  });

  it('finds stored names whose last path element is what was typed', () => {
    store.save(image(ID_A, []), ['localhost/app:latest', 'quay.io/team/app:latest']);
    store.save(image(ID_B, []), ['localhost/myapp:latest']);

    expect(store.namesEndingWith('app:latest')).toEqual([
      'localhost/app:latest',
      'quay.io/team/app:latest',
    ]);
  });

  it('removes a single name', () => {
    store.save(image(ID_A, []), ['localhost/app:latest', 'localhost/app:v1']);

    store.removeName('localhost/app:v1');

    expect(store.get(ID_A).names).toEqual(['localhost/app:latest']);
  });

  it('deletes an image and returns only the layers no other image uses', () => {
    store.save(image(ID_A, ['sha256:base', 'sha256:a-only']), ['localhost/a:latest']);
    store.save(image(ID_B, ['sha256:base', 'sha256:b-only']), ['localhost/b:latest']);

    expect(store.delete(ID_A)).toEqual(['sha256:a-only']);
    expect(store.lookup('a', ['localhost/a:latest'])).toBeUndefined();
    expect(store.delete(ID_B)).toEqual(['sha256:base', 'sha256:b-only']);
    expect(store.list()).toEqual([]);
  });

  it('reports a missing image with Podman words', () => {
    expect(() => store.get(ID_A)).toThrow(`${ID_A}: image not known`);
    expect(() => store.delete(ID_A)).toThrow(`${ID_A}: image not known`);
  });

  it('lists images newest first', () => {
    store.save(image(ID_A, [], '2024-01-01T00:00:00Z'), []);
    store.save(image(ID_B, [], '2024-03-01T00:00:00Z'), []);
    store.save(image(ID_C, [], '2024-02-01T00:00:00Z'), []);

    expect(store.list().map((i) => i.id)).toEqual([ID_B, ID_C, ID_A]);
  });
});
