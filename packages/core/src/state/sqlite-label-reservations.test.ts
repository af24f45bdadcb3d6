import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openDatabase, type Database } from './database.js';
import { SqliteLabelReservations } from './sqlite-label-reservations.js';

let dir: string;
const opened: Database[] = [];

function reservations(): SqliteLabelReservations {
  const db = openDatabase(dir);
  opened.push(db);
  return new SqliteLabelReservations(db);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-core-mcs-'));
});

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteLabelReservations', () => {
  it('gives a free level to the first exclusive reserver only', () => {
    const store = reservations();

    expect(store.tryReserve('s0:c1,c2', 'a')).toBe(true);
    expect(store.tryReserve('s0:c1,c2', 'b')).toBe(false);
    expect(store.tryReserve('s0:c1,c2', 'a')).toBe(false);
    expect(store.tryReserve('s0:c3,c4', 'b')).toBe(true);
    expect(store.levels()).toEqual(['s0:c1,c2', 's0:c3,c4']);
  });

  it('refuses an exclusive reservation of a level someone holds shared', () => {
    const store = reservations();
    store.reserveShared('s0:c5,c6', 'a');

    expect(store.tryReserve('s0:c5,c6', 'b')).toBe(false);
  });

  it('lets any number of owners share a level, even one held exclusively', () => {
    const store = reservations();
    expect(store.tryReserve('s0:c1,c2', 'a')).toBe(true);

    store.reserveShared('s0:c1,c2', 'b');
    store.reserveShared('s0:c1,c2', 'c');
    store.reserveShared('s0:c1,c2', 'c');

    expect(store.levels()).toEqual(['s0:c1,c2']);
    store.release('a');
    store.release('b');
    expect(store.levels()).toEqual(['s0:c1,c2']);
    store.release('c');
    expect(store.levels()).toEqual([]);
  });

  it('releases every level of one owner and nobody else', () => {
    const store = reservations();
    store.tryReserve('s0:c1,c2', 'a');
    store.reserveShared('s0:c7,c8', 'a');
    store.tryReserve('s0:c3,c4', 'b');

    store.release('a');

    expect(store.levels()).toEqual(['s0:c3,c4']);
    expect(store.tryReserve('s0:c1,c2', 'c')).toBe(true);
  });

  it('treats releasing an owner that holds nothing as a no-op', () => {
    const store = reservations();
    store.tryReserve('s0:c1,c2', 'a');

    store.release('nobody');

    expect(store.levels()).toEqual(['s0:c1,c2']);
  });

  it('lists each held level once, sorted', () => {
    const store = reservations();
    store.reserveShared('s0:c9,c10', 'a');
    store.reserveShared('s0:c9,c10', 'b');
    store.tryReserve('s0:c1,c2', 'c');

    expect(store.levels()).toEqual(['s0:c1,c2', 's0:c9,c10']);
  });

  it('sees reservations made through another connection to the same database', () => {
    const first = reservations();
    const second = reservations();

    expect(first.tryReserve('s0:c1,c2', 'a')).toBe(true);

    expect(second.levels()).toEqual(['s0:c1,c2']);
    expect(second.tryReserve('s0:c1,c2', 'b')).toBe(false);
    second.release('a');
    expect(first.levels()).toEqual([]);
    expect(first.tryReserve('s0:c1,c2', 'b')).toBe(true);
  });

  it('keeps reservations after the database is closed and opened again', () => {
    reservations().tryReserve('s0:c1,c2', 'a');
    for (const db of opened.splice(0)) db.close();

    const reopened = reservations();

    expect(reopened.levels()).toEqual(['s0:c1,c2']);
    expect(reopened.tryReserve('s0:c1,c2', 'b')).toBe(false);
  });
});
