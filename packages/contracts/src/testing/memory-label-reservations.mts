import type { LabelReservations } from '../providers/label-provider.js';

interface LevelHold {
  owners: Set<string>;
  /** Held by one owner who drew it; nobody else may take it, even shared. */
  exclusive: boolean;
}

/**
 * MemoryLabelReservations is a LabelReservations kept in memory, for running label providers
 * in unit tests. It follows the rules of the engine's database store: an exclusive reservation
 * needs a level that nobody holds in any way, while a level the user chose is recorded as
 * shared whoever else holds it.
 */
export class MemoryLabelReservations implements LabelReservations {
  private readonly holds = new Map<string, LevelHold>();

  tryReserve(level: string, owner: string): boolean {
    if (this.holds.has(level)) return false;

    this.holds.set(level, { owners: new Set([owner]), exclusive: true });
    return true;
  }

  reserveShared(level: string, owner: string): void {
    const hold = this.holds.get(level);
    if (hold) hold.owners.add(owner);
    else this.holds.set(level, { owners: new Set([owner]), exclusive: false });
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

  /** owners lists who holds `level`, sorted. */
  owners(level: string): string[] {
    return [...(this.holds.get(level)?.owners ?? [])].sort();
  }

  /** heldBy lists the levels `owner` holds in any way, sorted. */
  heldBy(owner: string): string[] {
    return this.levels().filter((level) => this.holds.get(level)?.owners.has(owner));
  }

  /** isExclusive says whether `level` is held by the one owner who drew it. */
  isExclusive(level: string): boolean {
    return this.holds.get(level)?.exclusive === true;
  }
}
