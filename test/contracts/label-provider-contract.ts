import type { LabelProvider, LabelReservations } from '@skiff/contracts';
import { beforeEach, describe, expect, it } from 'vitest';

import { MemoryReservations } from './memory-reservations.js';

// The level is everything after the third colon; it may hold colons of its own.
function levelOf(label: string): string {
  return label.split(':').slice(3).join(':');
}

/**
 * labelProviderContract registers the tests every LabelProvider must pass. `makeProvider`
 * builds a fresh provider over the reservation store it is given.
 */
export function labelProviderContract(
  name: string,
  makeProvider: (reservations: LabelReservations) => LabelProvider,
): void {
  describe(`${name} honours the LabelProvider contract`, () => {
    let reservations: MemoryReservations;
    let provider: LabelProvider;

    beforeEach(() => {
      reservations = new MemoryReservations();
      provider = makeProvider(reservations);
    });

    it('says whether its labels are kernel-enforced', () => {
      expect(typeof provider.kernelEnforced).toBe('boolean');
    });

    it('allocates a process label and a mount label as strings', async () => {
      const report = await provider.allocate({ owner: 'c1', options: [] });

      expect(typeof report.processLabel).toBe('string');
      expect(typeof report.mountLabel).toBe('string');
    });

    it('gives labels that are both empty or both carry the same level', async () => {
      const { processLabel, mountLabel } = await provider.allocate({ owner: 'c1', options: [] });

      expect(processLabel === '').toBe(mountLabel === '');
      expect(levelOf(processLabel)).toBe(levelOf(mountLabel));
    });

    it('makes a released level free to reserve again', async () => {
      const { processLabel } = await provider.allocate({ owner: 'c1', options: [] });
      const level = levelOf(processLabel);

      await provider.release('c1');

      expect(reservations.levels()).not.toContain(level);
      if (level) expect(reservations.tryReserve(level, 'probe')).toBe(true);
    });

    it('treats releasing an unknown owner as a no-op that keeps other levels', async () => {
      await provider.allocate({ owner: 'c1', options: [] });
      const before = reservations.levels();

      await expect(provider.release('nobody')).resolves.toBeUndefined();

      expect(reservations.levels()).toEqual(before);
    });

    it('does nothing when relabelling with an empty label, even for / or an empty path', async () => {
      await expect(provider.relabel({ path: '/', mountLabel: '', shared: false })).resolves.toBe(
        undefined,
      );
      await expect(provider.relabel({ path: '/usr', mountLabel: '', shared: true })).resolves.toBe(
        undefined,
      );
      await expect(provider.relabel({ path: '', mountLabel: '', shared: false })).resolves.toBe(
        undefined,
      );
    });

    it('never gives two owners the same allocated level while both hold it', async () => {
      const levels: string[] = [];
      for (let i = 0; i < 50; i++) {
        const { processLabel } = await provider.allocate({ owner: `c${i}`, options: [] });
        if (levelOf(processLabel)) levels.push(levelOf(processLabel));
      }

      expect(new Set(levels).size).toBe(levels.length);
    });
  });
}
