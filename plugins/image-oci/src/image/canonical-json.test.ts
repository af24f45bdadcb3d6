import { describe, expect, it } from 'vitest';

import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('gives the same bytes whatever order the keys were set in', () => {
    const one = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } };
    const two = { a: { c: 'x', d: [3, { y: 2, z: 1 }] }, b: 1 };

    expect(canonicalJson(one)).toBe(canonicalJson(two));
    expect(canonicalJson(one)).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('leaves out undefined values and keeps array order', () => {
    expect(canonicalJson({ b: undefined, a: ['z', 'a'] })).toBe('{"a":["z","a"]}');
  });
});
