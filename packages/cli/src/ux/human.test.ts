import { describe, expect, it } from 'vitest';

import { ago, compactSize, goFloatG, humanDuration, humanSize } from './human.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('humanDuration', () => {
  it.each([
    [0, 'Less than a second'],
    [999, 'Less than a second'],
    [SECOND, '1 second'],
    [1999, '1 second'],
    [2 * SECOND, '2 seconds'],
    [59 * SECOND + 999, '59 seconds'],
    [MINUTE, 'About a minute'],
    [2 * MINUTE - 1, 'About a minute'],
    [2 * MINUTE, '2 minutes'],
    [59 * MINUTE + 59 * SECOND, '59 minutes'],
    [HOUR, 'About an hour'],
    [HOUR + 29 * MINUTE, 'About an hour'],
    [HOUR + 30 * MINUTE, '2 hours'],
    [47 * HOUR + 29 * MINUTE, '47 hours'],
    [47 * HOUR + 30 * MINUTE, '2 days'],
    [14 * DAY - 31 * MINUTE, '13 days'],
    [14 * DAY, '2 weeks'],
    [60 * DAY, '2 months'],
    [730 * DAY - 31 * MINUTE, '24 months'],
  ])('renders %d ms as go-units does: %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it('counts years from truncated hours, so the first half hour after rounding says 1 year', () => {
    expect(humanDuration(730 * DAY - 20 * MINUTE)).toBe('1 years');
    expect(humanDuration(730 * DAY)).toBe('2 years');
  });

  it('says "ago" relative to the given time', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(ago('2026-01-01T11:57:00Z', now)).toBe('3 minutes ago');
    expect(ago('2026-01-01T12:00:01Z', now)).toBe('Less than a second ago');
  });
});

describe('goFloatG', () => {
  it.each([
    [1.984295, '1.98'],
    [156, '156'],
    [1.05, '1.05'],
    [2, '2'],
    [100, '100'],
    [10.5, '10.5'],
    [0.5, '0.5'],
    [999.5, '1e+03'],
  ])('prints %d with three significant digits as %s', (value, text) => {
    expect(goFloatG(value, 3)).toBe(text);
  });

  it('rounds exact halves to even, as Go does, and other values to nearest', () => {
    expect(goFloatG(1.125, 3)).toBe('1.12');
    expect(goFloatG(1.375, 3)).toBe('1.38');
    expect(goFloatG(2.5, 1)).toBe('2');
    expect(goFloatG(1.1251, 3)).toBe('1.13');
  });
});

describe('sizes', () => {
  it('prints images sizes with a space and ps sizes without', () => {
    expect(humanSize(2131015)).toBe('2.13 MB');
    expect(humanSize(156_000_000)).toBe('156 MB');
    expect(humanSize(1_050_000_000)).toBe('1.05 GB');
    expect(humanSize(999_500)).toBe('1e+03 kB');
    expect(compactSize(0)).toBe('0B');
    expect(compactSize(12)).toBe('12B');
    expect(compactSize(1984295)).toBe('1.98MB');
  });
});
