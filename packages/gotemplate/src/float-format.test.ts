import { describe, expect, it } from 'vitest';

import { formatFloat } from './float-format.js';

describe('formatFloat', () => {
  it.each<[number, string]>([
    [1, '1'],
    [1.5, '1.5'],
    [100000, '100000'],
    [123456, '123456'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-2.5e-7, '-2.5e-07'],
    [0, '0'],
    [1e100, '1e+100'],
  ])('prints %d in the shortest %%g form as %j', (value, expected) => {
    expect(formatFloat(value, 'g', -1)).toBe(expected);
  });

  it('rounds half to even on the exact binary value, as Go does', () => {
    expect(formatFloat(2.5, 'f', 0)).toBe('2');
    expect(formatFloat(3.5, 'f', 0)).toBe('4');
    expect(formatFloat(0.5, 'f', 0)).toBe('0');
    expect(formatFloat(0.125, 'f', 2)).toBe('0.12');
    // 2.675 is really 2.67499999..., so it rounds down whatever the rule for halves.
    expect(formatFloat(2.675, 'f', 2)).toBe('2.67');
  });

  it('carries a rounding up into a new leading digit', () => {
    expect(formatFloat(9.999, 'f', 2)).toBe('10.00');
    expect(formatFloat(9.999, 'e', 2)).toBe('1.00e+01');
    expect(formatFloat(0.0096, 'f', 2)).toBe('0.01');
  });

  it('formats %e with at least two exponent digits', () => {
    expect(formatFloat(0, 'e', 6)).toBe('0.000000e+00');
    expect(formatFloat(1.5e-300, 'e', 1)).toBe('1.5e-300');
    expect(formatFloat(12345, 'E', 2)).toBe('1.23E+04');
  });

  it('drops trailing zeros in %g with a precision', () => {
    expect(formatFloat(1, 'g', 3)).toBe('1');
    expect(formatFloat(1.5, 'g', 3)).toBe('1.5');
    expect(formatFloat(100, 'g', 3)).toBe('100');
    expect(formatFloat(1234.5, 'g', 3)).toBe('1.23e+03');
  });

  it('prints the smallest subnormal exactly when asked for many digits', () => {
    expect(formatFloat(5e-324, 'e', 3)).toBe('4.941e-324');
  });

  it('prints infinities and NaN as Go does', () => {
    expect(formatFloat(Infinity, 'f', 2)).toBe('+Inf');
    expect(formatFloat(-Infinity, 'g', -1)).toBe('-Inf');
    expect(formatFloat(NaN, 'e', 2)).toBe('NaN');
  });
});
