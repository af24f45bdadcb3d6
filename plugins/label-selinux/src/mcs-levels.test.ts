import type { LabelReservations } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { MemoryLabelReservations } from '@skiff/contracts/testing';
import { McsLevels } from './mcs-levels.js';

const LEVEL = /^s0:c(\d+),c(\d+)$/;

describe('McsLevels', () => {
  it('formats a pair smaller category first, in decimal without padding', () => {
    expect(McsLevels.format(7, 3)).toBe('s0:c3,c7');
    expect(McsLevels.format(0, 1023)).toBe('s0:c0,c1023');
  });

  it('draws levels s0:cA,cB with 0 <= A < B <= 1023 and reserves them for the owner', () => {
    const reservations = new MemoryLabelReservations();
    const levels = new McsLevels(reservations);

    for (let i = 0; i < 500; i++) {
      const level = levels.reserve(`c${i}`);
      const [, a, b] = LEVEL.exec(level) ?? [];

      expect(Number(a)).toBeGreaterThanOrEqual(0);
      expect(Number(a)).toBeLessThan(Number(b));
      expect(Number(b)).toBeLessThanOrEqual(1023);
      expect(reservations.owners(level)).toEqual([`c${i}`]);
    }
    expect(reservations.levels()).toHaveLength(500);
  });

  it('never draws the privileged level', () => {
    const reservations = new MemoryLabelReservations();
    const levels = new McsLevels(reservations);

    for (let i = 0; i < 2000; i++) {
      expect(levels.reserve(`c${i}`)).not.toBe(McsLevels.PRIVILEGED_LEVEL);
    }
  });

  it('hands out every pair of a range of 4 exactly once, then refuses', () => {
    const reservations = new MemoryLabelReservations();
    const levels = new McsLevels(reservations, 4);

    const drawn = Array.from({ length: 6 }, (_, i) => levels.reserve(`c${i}`));

    expect(new Set(drawn).size).toBe(6);
    expect([...drawn].sort()).toEqual([
      's0:c0,c1',
      's0:c0,c2',
      's0:c0,c3',
      's0:c1,c2',
      's0:c1,c3',
      's0:c2,c3',
    ]);
    expect(() => levels.reserve('c6')).toThrow(
      'no free MCS level: all 6 category pairs of c0..c3 are reserved',
    );
  });

  it('never hands out s0:c1022,c1023, even from a store that would accept only it', () => {
    const offered: string[] = [];
    const onlyPrivileged: LabelReservations = {
      tryReserve: (level) => {
        offered.push(level);
        return level === McsLevels.PRIVILEGED_LEVEL;
      },
      reserveShared: () => undefined,
      release: () => undefined,
      levels: () => [],
    };

    expect(() => new McsLevels(onlyPrivileged).reserve('c')).toThrow('no free MCS level');
    expect(offered).not.toContain(McsLevels.PRIVILEGED_LEVEL);
    expect(new Set(offered).size).toBeGreaterThanOrEqual(523_775);
  });

  it('fails as a storage error when the space is exhausted', () => {
    const levels = new McsLevels(new MemoryLabelReservations(), 2);
    levels.reserve('a');

    expect(() => levels.reserve('b')).toThrow(expect.objectContaining({ code: 'Storage' }));
  });

  it('finds the last free level of a nearly full space', () => {
    const reservations = new MemoryLabelReservations();
    const levels = new McsLevels(reservations, 8);
    for (let i = 0; i < 27; i++) levels.reserve(`c${i}`);

    const last = levels.reserve('last');

    expect(reservations.levels()).toHaveLength(28);
    expect(reservations.owners(last)).toEqual(['last']);
  });

  it('skips levels somebody shares, since tryReserve refuses them', () => {
    const reservations = new MemoryLabelReservations();
    reservations.reserveShared('s0:c0,c1', 'pod');
    reservations.reserveShared('s0:c0,c2', 'pod');

    expect(new McsLevels(reservations, 3).reserve('c1')).toBe('s0:c1,c2');
  });

  it('reuses a level once its owner released it', () => {
    const reservations = new MemoryLabelReservations();
    const levels = new McsLevels(reservations, 2);
    expect(levels.reserve('first')).toBe('s0:c0,c1');

    reservations.release('first');

    expect(levels.reserve('second')).toBe('s0:c0,c1');
  });

  it('counts the pairs of its range', () => {
    expect(new McsLevels(new MemoryLabelReservations()).pairCount).toBe(523_776);
    expect(new McsLevels(new MemoryLabelReservations(), 4).pairCount).toBe(6);
  });

  it('rejects a category range below 2 or above 1024', () => {
    expect(() => new McsLevels(new MemoryLabelReservations(), 1)).toThrow(
      'range must be 2 or more',
    );
    expect(() => new McsLevels(new MemoryLabelReservations(), 1025)).toThrow('cannot exceed 1024');
  });
});
