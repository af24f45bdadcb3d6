import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { StorageError } from '@skiff/contracts';
import type BetterSqlite3 from 'better-sqlite3';
import createDebug from 'debug';

const debug = createDebug('skiff:core:state');

const SCHEMA_VERSION = 3;

// One statement per table; uniqueness that matters across processes (names, exclusive MCS
// levels, image names) is a constraint here, never a check in code.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS images (
  id TEXT PRIMARY KEY,
  digest TEXT NOT NULL,
  created TEXT NOT NULL,
  size INTEGER NOT NULL,
  layers TEXT NOT NULL,
  config TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS image_names (
  name TEXT PRIMARY KEY,
  image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS containers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  image_id TEXT NOT NULL REFERENCES images(id),
  image_name TEXT NOT NULL,
  created TEXT NOT NULL,
  runtime TEXT NOT NULL,
  options TEXT NOT NULL,
  spec TEXT NOT NULL,
  provenance TEXT NOT NULL,
  process_label TEXT NOT NULL,
  mount_label TEXT NOT NULL,
  status TEXT NOT NULL,
  exit_code INTEGER NOT NULL DEFAULT 0,
  pid INTEGER NOT NULL DEFAULT 0,
  started_at TEXT,
  finished_at TEXT
);
CREATE TABLE IF NOT EXISTS mcs_levels (
  owner TEXT NOT NULL,
  level TEXT NOT NULL,
  exclusive INTEGER NOT NULL,
  PRIMARY KEY (owner, level)
);
CREATE UNIQUE INDEX IF NOT EXISTS mcs_levels_exclusive ON mcs_levels(level) WHERE exclusive = 1;
`;

// Version 2: what a monitored, daemonless lifecycle needs to know about each container, and
// the per-container locks that serialize the commands acting on one container, and the exit
// codes of removed containers, which `wait` on a `--rm` container still reports.
const SCHEMA_2 = `
ALTER TABLE containers ADD COLUMN monitor_pid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE containers ADD COLUMN restart_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE containers ADD COLUMN stopped_by_user INTEGER NOT NULL DEFAULT 0;
CREATE TABLE IF NOT EXISTS container_locks (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS removed_exit_codes (
  id TEXT PRIMARY KEY,
  exit_code INTEGER NOT NULL,
  removed TEXT NOT NULL
);
`;

// Version 3: named volumes. Containers are not linked to them here: which volumes a container
// uses is read from its own record, so removing a container needs no change to this table.
const SCHEMA_3 = `
CREATE TABLE IF NOT EXISTS volumes (
  name TEXT PRIMARY KEY,
  driver TEXT NOT NULL,
  created TEXT NOT NULL,
  labels TEXT NOT NULL,
  options TEXT NOT NULL,
  anonymous INTEGER NOT NULL DEFAULT 0,
  needs_copy_up INTEGER NOT NULL DEFAULT 1,
  needs_chown INTEGER NOT NULL DEFAULT 1
);
`;

/** Database is the engine's SQLite store under `--root`, opened once per process. */
export type Database = BetterSqlite3.Database;

/**
 * openDatabase opens (creating if needed) `<root>/skiff.db` in WAL mode with a busy timeout,
 * so that concurrent short-lived commands wait for each other instead of failing.
 */
export function openDatabase(root: string): Database {
  mkdirSync(root, { recursive: true, mode: 0o711 });
  const file = join(root, 'skiff.db');
  // Loaded here, not at module load, so that commands that never touch state stay fast.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Sqlite = require('better-sqlite3') as typeof BetterSqlite3;

  let db: Database;
  try {
    // Naming the addon skips the `bindings` package's search of a dozen build paths.
    const nativeBinding = require.resolve('better-sqlite3/build/Release/better_sqlite3.node');
    db = new Sqlite(file, { timeout: 60_000, nativeBinding });
  } catch (error) {
    throw new StorageError(`opening database ${file}`, { cause: error });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  debug('opened %s', file);
  return db;
}

function migrate(db: Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION) {
    throw new StorageError(`database schema ${version} is newer than this engine understands`);
  }
  db.transaction(() => {
    // Another process may have migrated while this one waited for the write lock.
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current < 1) db.exec(SCHEMA);
    if (current < 2) db.exec(SCHEMA_2);
    if (current < 3) db.exec(SCHEMA_3);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * withWriteLock runs `fn` inside an immediate transaction: the write lock is taken at the
 * start, so checks and inserts inside cannot interleave with another process's. `fn` may be
 * async, but must not wait on anything slow while holding the lock.
 */
export async function withWriteLock<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
