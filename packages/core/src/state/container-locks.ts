import { setTimeout as sleep } from 'node:timers/promises';

import { StorageError } from '@skiff/contracts';
import createDebug from 'debug';

import type { Database } from './database.js';
import { identityAlive, processIdentity } from './process-identity.js';

const debug = createDebug('skiff:core:lock');

/** How long to wait for another command to finish with a container: longer than any stop. */
const WAIT_LIMIT_MS = 10 * 60_000;

/** The locks this process holds, counted, so that a holder may take its own lock again. */
const held = new Map<string, number>();

/**
 * ContainerLocks serializes the commands that change one container (start, stop, cleanup,
 * remove) across processes. A lock is a row naming its owner process; taking it is one
 * immediate transaction, so two processes never both take it, and a lock whose owner died is
 * taken over rather than waited for.
 */
export class ContainerLocks {
  private readonly me: string;

  constructor(private readonly db: Database) {
    this.me = processIdentity() ?? `${process.pid}:0`;
  }

  /** hold runs `fn` with the container's lock held. */
  async hold<T>(id: string, fn: () => Promise<T>): Promise<T> {
    await this.acquire(id);
    try {
      return await fn();
    } finally {
      this.release(id);
    }
  }

  private async acquire(id: string): Promise<void> {
    const count = held.get(id) ?? 0;
    if (count > 0) {
      held.set(id, count + 1);
      return;
    }

    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (let pause = 5; !this.tryAcquire(id); pause = Math.min(pause * 2, 100)) {
      if (Date.now() > deadline) {
        throw new StorageError(`timed out waiting for the lock of container ${id}`);
      }
      await sleep(pause);
    }
    held.set(id, 1);
  }

  private tryAcquire(id: string): boolean {
    return this.db
      .transaction(() => {
        const row = this.db.prepare('SELECT owner FROM container_locks WHERE id = ?').get(id) as
          { owner: string } | undefined;
        if (row && identityAlive(row.owner)) return false;
        if (row) debug('%s: taking over the lock of dead process %s', id, row.owner);

        this.db
          .prepare('INSERT OR REPLACE INTO container_locks (id, owner) VALUES (?, ?)')
          .run(id, this.me);
        return true;
      })
      .immediate();
  }

  private release(id: string): void {
    const count = (held.get(id) ?? 1) - 1;
    if (count > 0) {
      held.set(id, count);
      return;
    }
    held.delete(id);
    this.db.prepare('DELETE FROM container_locks WHERE id = ? AND owner = ?').run(id, this.me);
  }
}
