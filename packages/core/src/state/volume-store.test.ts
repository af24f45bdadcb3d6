import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openDatabase, type Database } from './database.js';
import { VolumeStore, type VolumeRecord } from './volume-store.js';

let dir: string;
let db: Database;
let store: VolumeStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-core-volumes-'));
  db = openDatabase(dir);
  store = new VolumeStore(db);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function volume(name: string): VolumeRecord {
  return {
    name,
    driver: 'local',
    created: '2024-01-01T00:00:00.000Z',
    labels: { team: 'web' },
    options: { nocopy: '' },
    anonymous: false,
    needsCopyUp: true,
    needsChown: true,
  };
}

describe('VolumeStore', () => {
  it('keeps a volume and lists volumes by name', () => {
    store.insert(volume('b'));
    store.insert(volume('a'));

    expect(store.get('b')).toEqual(volume('b'));
    expect(store.list().map((v) => v.name)).toEqual(['a', 'b']);
  });

  it('refuses a second volume of the same name in Podman words', () => {
    store.insert(volume('a'));

    expect(() => store.insert(volume('a'))).toThrow(
      expect.objectContaining({
        code: 'VolumeExists',
        message: 'volume with name a already exists: volume already exists',
      }),
    );
  });

  it('says when a volume does not exist', () => {
    expect(store.find('x')).toBeUndefined();
    expect(() => store.get('x')).toThrow('no volume with name "x" found: no such volume');
    expect(() => store.delete('x')).toThrow(expect.objectContaining({ code: 'NoSuchVolume' }));
  });

  it('clears the first-use marks only for what was done', () => {
    store.insert(volume('a'));

    store.markUsed('a', { chowned: true, copiedUp: false });
    expect(store.get('a')).toMatchObject({ needsChown: false, needsCopyUp: true });
    store.markUsed('a', { chowned: false, copiedUp: true });
    expect(store.get('a')).toMatchObject({ needsChown: false, needsCopyUp: false });
  });

  it('deletes a volume', () => {
    store.insert(volume('a'));
    store.delete('a');

    expect(store.list()).toEqual([]);
  });
});
