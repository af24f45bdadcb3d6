import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openDatabase, withWriteLock, type Database } from './database.js';
import { SqliteLabelReservations } from './sqlite-label-reservations.js';

let dir: string;
const opened: Database[] = [];

function open(): Database {
  const db = openDatabase(dir);
  opened.push(db);
  return db;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-core-db-'));
});

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function levelsIn(db: Database): string[] {
  const rows = db.prepare('SELECT level FROM mcs_levels ORDER BY level').all();
  return (rows as { level: string }[]).map((row) => row.level);
}

describe('openDatabase', () => {
  it('creates the directory and the schema at the current version', () => {
    const nested = join(dir, 'a', 'b');
    const db = openDatabase(nested);
    opened.push(db);

    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    expect((tables as { name: string }[]).map((t) => t.name).sort()).toEqual([
      'container_locks',
      'containers',
      'image_names',
      'images',
      'mcs_levels',
      'removed_exit_codes',
      'volumes',
    ]);
  });

  it('migrates a version 2 database by adding the volumes table', () => {
    const db = open();
    db.exec('DROP TABLE volumes');
    db.pragma('user_version = 2');
    db.close();

    const reopened = open();
    expect(reopened.pragma('user_version', { simple: true })).toBe(3);
    expect(reopened.prepare('SELECT count(*) AS n FROM volumes').get()).toEqual({ n: 0 });
  });

  it('refuses a database written by a newer schema', () => {
    open().pragma('user_version = 7');

    expect(() => open()).toThrow('database schema 7 is newer than this engine understands');
  });
});

describe('withWriteLock', () => {
  it('commits what the callback wrote and returns its result', async () => {
    const db = open();

    const result = await withWriteLock(db, async () => {
      new SqliteLabelReservations(db).tryReserve('s0:c1,c2', 'owner');
      return 'done';
    });

    expect(result).toBe('done');
    expect(db.inTransaction).toBe(false);
    expect(levelsIn(open())).toEqual(['s0:c1,c2']);
  });

  it('rolls back everything the callback wrote when it throws, and rethrows', async () => {
    const db = open();
    const failure = new Error('boom');

    await expect(
      withWriteLock(db, async () => {
        new SqliteLabelReservations(db).tryReserve('s0:c1,c2', 'owner');
        throw failure;
      }),
    ).rejects.toBe(failure);

    expect(db.inTransaction).toBe(false);
    expect(levelsIn(db)).toEqual([]);
  });

  it('keeps another connection from writing while the lock is held', async () => {
    const first = open();
    const second = open();
    second.pragma('busy_timeout = 0');

    await withWriteLock(first, async () => {
      expect(() => second.exec('BEGIN IMMEDIATE')).toThrow(/database is locked/);
    });

    second.exec('BEGIN IMMEDIATE');
    second.exec('COMMIT');
  });
});
