import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ContainerLocks } from './container-locks.js';
import { openDatabase, type Database } from './database.js';

let dir: string;
let db: Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-locks-'));
  db = openDatabase(dir);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ContainerLocks', () => {
  it('lets the holder take its own lock again and releases it at the end', async () => {
    const locks = new ContainerLocks(db);
    const order: string[] = [];

    await locks.hold('c1', async () => {
      order.push('outer');
      await locks.hold('c1', async () => {
        order.push('inner');
      });
      expect(db.prepare('SELECT COUNT(*) AS n FROM container_locks').get()).toEqual({ n: 1 });
    });

    expect(order).toEqual(['outer', 'inner']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM container_locks').get()).toEqual({ n: 0 });
  });

  it('releases the lock when the holder throws', async () => {
    const locks = new ContainerLocks(db);
    await expect(locks.hold('c1', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(db.prepare('SELECT COUNT(*) AS n FROM container_locks').get()).toEqual({ n: 0 });
  });

  it('takes over a lock whose owner process is dead', async () => {
    db.prepare('INSERT INTO container_locks (id, owner) VALUES (?, ?)').run('c1', '999999999:1');
    let ran = false;

    await new ContainerLocks(db).hold('c1', async () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });

  it('serializes holders in different processes', async () => {
    const file = join(dir, 'counter');
    writeFileSync(file, '0');
    // Each child reads the counter, waits, and writes it back incremented: without mutual
    // exclusion the increments overlap and some are lost.
    const children = Array.from({ length: 4 }, () => runIncrements(dir, file, 5));
    await Promise.all(children);

    expect(readFileSync(file, 'utf8')).toBe('20');
  });
});

// The children load the built modules: the test command builds before it runs unit tests.
const BUILT = join(__dirname, '../../dist/state');

/** runIncrements runs a child process that increments the counter `times` under the lock. */
function runIncrements(root: string, file: string, times: number): Promise<void> {
  const code = `
    const { readFileSync, writeFileSync } = require('node:fs');
    const { ContainerLocks } = require(${JSON.stringify(join(BUILT, 'container-locks.js'))});
    const { openDatabase } = require(${JSON.stringify(join(BUILT, 'database.js'))});
    const db = openDatabase(${JSON.stringify(root)});
    const locks = new ContainerLocks(db);
    (async () => {
      for (let i = 0; i < ${times}; i++) {
        await locks.hold('shared', async () => {
          const value = Number(readFileSync(${JSON.stringify(file)}, 'utf8'));
          await new Promise((resolve) => setTimeout(resolve, 5));
          writeFileSync(${JSON.stringify(file)}, String(value + 1));
        });
      }
      db.close();
    })();
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', code], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (status) => (status === 0 ? resolve() : reject(new Error(`exit ${status}`))));
  });
}
