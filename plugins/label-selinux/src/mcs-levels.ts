import { randomInt } from 'node:crypto';

import { SkiffError, StorageError } from '@skiff/contracts';
import type { LabelReservations } from '@skiff/contracts';
import createDebug from 'debug';

const debug = createDebug('skiff:label-selinux:mcs');

/**
 * McsLevels owns drawing a container's unique MCS level, `s0:cA,cB`, and reserving it for its
 * owner. Levels are drawn with a CSPRNG, as go-selinux v1.10.2 does; the reservation store is
 * the authority on whether a level is free.
 */
export class McsLevels {
  /** CATEGORY_RANGE is the number of categories, c0..c1023, Podman draws from by default. */
  static readonly CATEGORY_RANGE = 1024;

  /**
   * PRIVILEGED_LEVEL labels what privileged and `label=disable` containers mount. It is never
   * handed to a confined container, whatever the reservation store says: the store may have
   * been rebuilt without it, which is the bug go-selinux has when storage reloads its layers.
   */
  static readonly PRIVILEGED_LEVEL = 's0:c1022,c1023';

  // Random draws stop being a good strategy when most levels are taken; after this many misses
  // the free levels are listed instead, so exhaustion is detected rather than looped on.
  private static readonly RANDOM_DRAWS = 64;

  private readonly reservations: LabelReservations;
  private readonly categoryRange: number;

  constructor(reservations: LabelReservations, categoryRange = McsLevels.CATEGORY_RANGE) {
    if (!Number.isInteger(categoryRange) || categoryRange < 2) {
      throw new SkiffError('Internal', `MCS category range must be 2 or more: ${categoryRange}`);
    }
    if (categoryRange > McsLevels.CATEGORY_RANGE) {
      throw new SkiffError('Internal', `MCS category range cannot exceed 1024: ${categoryRange}`);
    }

    this.reservations = reservations;
    this.categoryRange = categoryRange;
  }

  /** format spells a category pair as a level, smaller category first. */
  static format(a: number, b: number): string {
    return a < b ? `s0:c${a},c${b}` : `s0:c${b},c${a}`;
  }

  /** pairCount is how many distinct levels the range holds, the privileged one included. */
  get pairCount(): number {
    return (this.categoryRange * (this.categoryRange - 1)) / 2;
  }

  /** reserve draws a free level, reserves it for `owner` and returns it; throws when none is. */
  reserve(owner: string): string {
    for (let attempt = 0; attempt < McsLevels.RANDOM_DRAWS; attempt++) {
      const level = this.draw();
      if (this.reservations.tryReserve(level, owner)) return level;
    }

    debug('%d random draws were taken, listing free levels for %s', McsLevels.RANDOM_DRAWS, owner);
    const level = this.reserveFromFreeLevels(owner);
    if (level !== undefined) return level;

    throw new StorageError(
      `no free MCS level: all ${this.pairCount} category pairs of c0..c${this.categoryRange - 1} ` +
        'are reserved',
    );
  }

  private draw(): string {
    for (;;) {
      const a = randomInt(this.categoryRange);
      const b = randomInt(this.categoryRange);
      if (a === b) continue;

      const level = McsLevels.format(a, b);
      if (level !== McsLevels.PRIVILEGED_LEVEL) return level;
    }
  }

  // Tries the levels nobody held a moment ago, in random order. tryReserve stays the judge,
  // since another process may take one of them between the listing and the attempt.
  private reserveFromFreeLevels(owner: string): string | undefined {
    const free = this.freeLevels();

    while (free.length > 0) {
      const index = randomInt(free.length);
      const level = free[index];
      free[index] = free[free.length - 1];
      free.pop();

      if (this.reservations.tryReserve(level, owner)) return level;
    }
    return undefined;
  }

  private freeLevels(): string[] {
    const held = new Set(this.reservations.levels());
    held.add(McsLevels.PRIVILEGED_LEVEL);

    const free: string[] = [];
    for (let a = 0; a < this.categoryRange; a++) {
      for (let b = a + 1; b < this.categoryRange; b++) {
        const level = McsLevels.format(a, b);
        if (!held.has(level)) free.push(level);
      }
    }
    return free;
  }
}
