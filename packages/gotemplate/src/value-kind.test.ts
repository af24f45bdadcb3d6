import { describe, expect, it } from 'vitest';

import { lookupField } from './field-lookup.js';
import { mapEntries, typeName, valueKind } from './value-kind.js';

describe('valueKind', () => {
  it('classifies JavaScript values as the Go kinds they stand for', () => {
    class Report {}
    expect(
      [
        null,
        undefined,
        true,
        2,
        2.5,
        2n,
        'a',
        [],
        {},
        new Map(),
        new Report(),
        new Date(),
        () => 1,
      ].map(valueKind),
    ).toEqual([
      'nil',
      'nil',
      'bool',
      'int',
      'float',
      'int',
      'string',
      'array',
      'map',
      'map',
      'struct',
      'time',
      'func',
    ]);
  });

  it('treats whole numbers beyond int64 as floats', () => {
    expect(valueKind(1e19)).toBe('float');
    expect(typeName(1e19)).toBe('float64');
  });
});

describe('mapEntries', () => {
  it('orders numeric keys by value and string keys by text', () => {
    expect(
      mapEntries(
        new Map([
          [10, 'a'],
          [9, 'b'],
        ]),
      ).map(([k]) => k),
    ).toEqual([9, 10]);
    expect(mapEntries({ b: 1, B: 2, a: 3 }).map(([k]) => k)).toEqual(['B', 'a', 'b']);
  });
});

describe('lookupField', () => {
  it('finds own properties and reports missing ones as missing', () => {
    expect(lookupField({ a: 1 }, 'a', false)).toEqual({ kind: 'value', value: 1 });
    expect(lookupField({ a: 1 }, 'b', false)).toEqual({ kind: 'missing' });
  });

  it('never reaches Object.prototype, whatever the name', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(lookupField({}, name, false)).toEqual({ kind: 'missing' });
    }
  });

  it('does not expose the constructor of class instances', () => {
    class Report {
      method(): number {
        return 1;
      }
    }
    expect(lookupField(new Report(), 'constructor', false)).toEqual({ kind: 'missing' });
    expect(lookupField(new Report(), 'method', false).kind).toBe('method');
  });

  it('refuses fields of values that have none, such as functions', () => {
    expect(lookupField(() => 1, 'constructor', false)).toEqual({
      kind: 'error',
      reason: "can't evaluate field constructor in type func",
    });
  });
});
