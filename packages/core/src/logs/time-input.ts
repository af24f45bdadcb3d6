import { InvalidArgument } from '@skiff/contracts';

// A parser, so longer than most files: it reproduces how Podman 4.3.1 reads `--since` and
// `--until` (pkg/util ParseInputTime), which tries Go time layouts first, then a Unix time as a
// float, then a Go duration. Results are nanoseconds since the epoch as a bigint, because log
// records carry nanoseconds and Podman compares them exactly.

/** NS_PER_SECOND is one second in nanoseconds. */
export const NS_PER_SECOND = 1_000_000_000n;

const ZONE = String.raw`(Z|[+-]\d{2}:\d{2})`;
// Go's "15" hour takes one or two digits; minutes and seconds take exactly two. Any layout with
// seconds accepts a fraction after them, with a period or a comma, even if it does not name one.
const DATE_TIME = new RegExp(
  String.raw`^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?${ZONE}?$`,
);
const DATE_ONLY = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${ZONE}?$`);
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * parseTimeInput reads a `--since`/`--until` value as Podman does: an RFC 3339 time (with or
 * without fraction and zone), a date (`2006-01-02`, optionally with a zone), Unix seconds with
 * an optional fraction, or a Go duration. A duration counts back from `now` for `since` and, as
 * in Podman, forward from `now` for `until`. Times without a zone are UTC.
 */
export function parseTimeInput(value: string, since: boolean, nowMs = Date.now()): bigint {
  const time = parseGoTime(value) ?? parseUnixSeconds(value);
  if (time !== undefined) return time;

  const duration = parseGoDuration(value);
  if (duration === undefined) throw new InvalidArgument('unable to interpret time value');
  const now = BigInt(nowMs) * 1_000_000n;
  return since ? now - duration : now + duration;
}

/**
 * parseGoTime reads the time layouts Podman tries, RFC 3339 with or without a fraction or zone
 * and a date alone, into nanoseconds since the epoch; undefined if none fits.
 */
export function parseGoTime(value: string): bigint | undefined {
  const full = DATE_TIME.exec(value);
  if (full) {
    const [, y, mo, d, h, mi, s, fraction, zone] = full;
    const clock = { hour: Number(h), minute: Number(mi), second: Number(s) };
    return civilToNanos(Number(y), Number(mo), Number(d), clock, fraction, zone);
  }
  const date = DATE_ONLY.exec(value);
  if (!date) return undefined;
  const [, y, mo, d, zone] = date;
  return civilToNanos(Number(y), Number(mo), Number(d), undefined, undefined, zone);
}

interface Clock {
  hour: number;
  minute: number;
  second: number;
}

/** civilToNanos checks ranges as Go's time.Parse does and returns undefined when one fails. */
function civilToNanos(
  year: number,
  month: number,
  day: number,
  clock: Clock = { hour: 0, minute: 0, second: 0 },
  fraction = '',
  zone = 'Z',
): bigint | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (clock.hour > 23 || clock.minute > 59 || clock.second > 59) return undefined;
  const offset = zoneOffsetSeconds(zone);
  if (offset === undefined) return undefined;

  const days = daysSinceEpoch(year, month, day);
  const seconds = days * 86_400 + clock.hour * 3600 + clock.minute * 60 + clock.second - offset;
  // Go reads at most nine digits of a fraction and ignores the rest.
  const nanos = fraction ? Number(fraction.slice(0, 9).padEnd(9, '0')) : 0;
  return BigInt(seconds) * NS_PER_SECOND + BigInt(nanos);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
}

/**
 * daysSinceEpoch counts days from 1970-01-01 to a proleptic Gregorian date, with plain
 * arithmetic: every log record's time goes through here, and Date objects cost far more.
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  // Counted from March, so that a leap day ends the year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function zoneOffsetSeconds(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  // Go tests with > rather than >= here: offsets of 24 hours or 60 minutes are accepted.
  if (hours > 24 || minutes > 60) return undefined;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (hours * 3600 + minutes * 60);
}

/** parseUnixSeconds splits a float the way Podman does (math.Modf), rounding as float64 does. */
function parseUnixSeconds(value: string): bigint | undefined {
  if (!DECIMAL.test(value)) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds)) return undefined;
  const whole = Math.trunc(seconds);
  const fraction = Math.trunc((seconds - whole) * 1e9);
  return BigInt(whole) * NS_PER_SECOND + BigInt(fraction);
}

const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: NS_PER_SECOND,
  m: 60n * NS_PER_SECOND,
  h: 3600n * NS_PER_SECOND,
};
const DURATION_PART = /(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/y;
const MAX_DURATION = (1n << 63n) - 1n;

/**
 * parseGoDuration reads Go's time.ParseDuration syntax (`1h30m`, `1.5s`, `-90s`, `0`) into
 * nanoseconds, or returns undefined where Go would fail, including past Go's int64 range.
 */
export function parseGoDuration(value: string): bigint | undefined {
  const negative = value.startsWith('-');
  const body = /^[+-]/.test(value) ? value.slice(1) : value;
  if (body === '0') return 0n;
  if (body === '') return undefined;

  let total = 0n;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < body.length) {
    const part = DURATION_PART.exec(body);
    if (!part || (part[1] === '' && !part[2])) return undefined;
    total += partNanos(part[1], part[2] ?? '', UNIT_NANOS[part[3]]);
  }
  if (total > MAX_DURATION) return undefined;
  return negative ? -total : total;
}

function partNanos(whole: string, fraction: string, unit: bigint): bigint {
  const digits = BigInt(`${whole}${fraction}` || '0');
  const scale = 10n ** BigInt(fraction.length);
  return (digits * unit) / scale;
}
