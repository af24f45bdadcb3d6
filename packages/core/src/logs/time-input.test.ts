import { SkiffError } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { parseGoDuration, parseTimeInput } from './time-input.js';

const NOW_MS = Date.UTC(2026, 11, 3, 23, 40, 0);
const NOW = BigInt(NOW_MS) * 1_000_000n;
const S = 1_000_000_000n;

function at(iso: string, nanos = 0n): bigint {
  return BigInt(Date.parse(iso)) * 1_000_000n + nanos;
}

describe('parseTimeInput', () => {
  it('reads RFC 3339 times with nanoseconds and zones', () => {
    expect(parseTimeInput('2026-12-03T23:39:28.062931180Z', true, NOW_MS)).toBe(
      at('2026-12-03T23:39:28Z', 62_931_180n),
    );
    expect(parseTimeInput('2026-12-03T23:39:28.1+01:00', true, NOW_MS)).toBe(
      at('2026-12-03T22:39:28Z', 100_000_000n),
    );
    expect(parseTimeInput('2026-12-03T23:39:28-05:30', true, NOW_MS)).toBe(
      at('2026-12-04T05:09:28Z'),
    );
  });

  it('reads times and dates without a zone as UTC', () => {
    expect(parseTimeInput('2026-12-03T23:39:28', true, NOW_MS)).toBe(at('2026-12-03T23:39:28Z'));
    expect(parseTimeInput('2026-12-03T23:39:28,5', true, NOW_MS)).toBe(
      at('2026-12-03T23:39:28Z', 500_000_000n),
    );
    expect(parseTimeInput('2026-12-03', true, NOW_MS)).toBe(at('2026-12-03T00:00:00Z'));
    expect(parseTimeInput('2026-12-03Z', true, NOW_MS)).toBe(at('2026-12-03T00:00:00Z'));
    expect(parseTimeInput('2026-12-03+02:00', true, NOW_MS)).toBe(at('2026-12-02T22:00:00Z'));
  });

  it('reads Unix seconds, with a fraction, an exponent or a sign', () => {
    expect(parseTimeInput('1796340000', true, NOW_MS)).toBe(1_796_340_000n * S);
    expect(parseTimeInput('1796340000.5', true, NOW_MS)).toBe(1_796_340_000n * S + S / 2n);
    expect(parseTimeInput('1e3', true, NOW_MS)).toBe(1000n * S);
    expect(parseTimeInput('-1', true, NOW_MS)).toBe(-S);
    expect(parseTimeInput('0', false, NOW_MS)).toBe(0n);
  });

  it('counts a duration back from now for since and forward for until, as Podman', () => {
    expect(parseTimeInput('10m', true, NOW_MS)).toBe(NOW - 600n * S);
    expect(parseTimeInput('10m', false, NOW_MS)).toBe(NOW + 600n * S);
    expect(parseTimeInput('1h30m', true, NOW_MS)).toBe(NOW - 5400n * S);
    expect(parseTimeInput('-5m', true, NOW_MS)).toBe(NOW + 300n * S);
  });

  it.each([
    'bogus',
    '10x',
    '2026-13-01',
    '2026-02-30',
    '2026-12-03T24:00:00Z',
    '2026-12-03T23:39',
    '2026-12-03 23:39:28',
    '2026-12-03t23:39:28z',
    '1.5.5',
    '1h30',
    '',
  ])('rejects %j with Podman wording', (value) => {
    let thrown: unknown;
    try {
      parseTimeInput(value, true, NOW_MS);
    } catch (error) {
      thrown = error;
    }
    expect(SkiffError.codeOf(thrown)).toBe('InvalidArgument');
    expect((thrown as Error).message).toBe('unable to interpret time value');
  });
});

describe('parseGoDuration', () => {
  it('reads Go durations', () => {
    expect(parseGoDuration('90s')).toBe(90n * S);
    expect(parseGoDuration('1.5h')).toBe(5400n * S);
    expect(parseGoDuration('1h2m3s4ms5us6ns')).toBe(3723n * S + 4_005_006n);
    expect(parseGoDuration('2µs')).toBe(2000n);
    expect(parseGoDuration('.5s')).toBe(S / 2n);
    expect(parseGoDuration('+0')).toBe(0n);
  });

  it('rejects what Go rejects', () => {
    for (const value of ['', '1', 's', '.s', '1d', '-', '10000000h']) {
      expect(parseGoDuration(value)).toBeUndefined();
    }
  });
});
