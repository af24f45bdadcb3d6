import type { LabelReservations } from '@skiff/contracts';

import type { Database } from './database.js';

/**
 * SqliteLabelReservations keeps MCS level reservations in the engine database. An exclusive
 * reservation succeeds only if no one holds the level at all, in one statement, so that two
 * processes allocating at once cannot both win; user-chosen levels may be shared.
 */
export class SqliteLabelReservations implements LabelReservations {
  constructor(private readonly db: Database) {}

  tryReserve(level: string, owner: string): boolean {
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO mcs_levels (owner, level, exclusive)
         SELECT ?, ?, 1 WHERE NOT EXISTS (SELECT 1 FROM mcs_levels WHERE level = ?)`,
      )
      .run(owner, level, level);
    return result.changes === 1;
  }

  reserveShared(level: string, owner: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO mcs_levels (owner, level, exclusive) VALUES (?, ?, 0)')
      .run(owner, level);
  }

  release(owner: string): void {
    this.db.prepare('DELETE FROM mcs_levels WHERE owner = ?').run(owner);
  }

  levels(): string[] {
    const rows = this.db.prepare('SELECT DISTINCT level FROM mcs_levels ORDER BY level').all();
    return rows.map((row) => (row as { level: string }).level);
  }
}
