import type { LabelReservations } from '@skiff/contracts';

interface Hold {
  owners: Set<string>;
  exclusive: boolean;
}

/**
 * MemoryReservations is an in-memory LabelReservations for unit tests. It keeps the rules of
 * the engine's SQLite store: an exclusive reservation needs a level nobody holds in any way,
 * while a shared one is recorded whoever else holds the level.
 */
export class MemoryReservations implements LabelReservations {
  private readonly holds = new Map<string, Hold>();

  tryReserve(level: string, owner: string): boolean {
    if (this.holds.has(level)) return false;

    this.holds.set(level, { owners: new Set([owner]), exclusive: true });
    return true;
  }

  reserveShared(level: string, owner: string): void {
    const hold = this.holds.get(level);
    if (hold === undefined) {
      this.holds.set(level, { owners: new Set([owner]), exclusive: false });
      return;
    }
    hold.owners.add(owner);
  }

  release(owner: string): void {
    for (const [level, hold] of this.holds) {
      hold.owners.delete(owner);
      if (hold.owners.size === 0) this.holds.delete(level);
    }
  }

  levels(): string[] {
    return [...this.holds.keys()].sort();
  }

  /** owners lists who holds `level`, for assertions. */
  owners(level: string): string[] {
    return [...(this.holds.get(level)?.owners ?? [])].sort();
  }

  /** heldBy lists the levels `owner` holds, for assertions. */
  heldBy(owner: string): string[] {
    return this.levels().filter((level) => this.holds.get(level)?.owners.has(owner));
  }
}
