import { parseGoTime } from './time-input.js';

/** LogStream is the container stream a log record came from. */
export type LogStream = 'stdout' | 'stderr';

/**
 * K8sFileRecord is one line of a k8s-file log as conmon writes it:
 * `<RFC 3339 time> <stdout|stderr> <P|F> <content>`. A partial record (`P`) is a piece of a
 * line that continues in the stream's next record; a full one (`F`) ends a line.
 */
export interface K8sFileRecord {
  /** Nanoseconds since the epoch. */
  time: bigint;
  /** The time as conmon wrote it, which keeps its zone offset for `--timestamps`. */
  rawTime: string;
  stream: LogStream;
  partial: boolean;
  content: string;
}

/**
 * parseK8sFileRecord reads one log line without its newline; it returns undefined for a line
 * that is not a record (a torn write, another driver's format) or whose stream is unknown.
 */
export function parseK8sFileRecord(line: string): K8sFileRecord | undefined {
  const first = line.indexOf(' ');
  const second = line.indexOf(' ', first + 1);
  const third = line.indexOf(' ', second + 1);
  if (first < 0 || second < 0 || third < 0) return undefined;

  const rawTime = line.slice(0, first);
  const stream = line.slice(first + 1, second);
  const tag = line.slice(second + 1, third);
  const time = recordTime(rawTime);
  if (time === undefined || (stream !== 'stdout' && stream !== 'stderr')) return undefined;
  if (tag !== 'P' && tag !== 'F') return undefined;
  return { time, rawTime, stream, partial: tag === 'P', content: line.slice(third + 1) };
}

// Records of one second share all but the fraction, so that part is parsed once: this runs for
// every record of a log.
const RECORD_TIME = /^(.{19})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
let lastSecond: { key: string; nanos: bigint | undefined } = { key: '', nanos: undefined };

/** recordTime reads conmon's RFC 3339 time: `2026-12-03T23:36:04.703358778+00:00`. */
function recordTime(raw: string): bigint | undefined {
  const match = RECORD_TIME.exec(raw);
  if (!match) return undefined;
  const [, second, fraction = '', zone] = match;

  const key = second + zone;
  if (lastSecond.key !== key) lastSecond = { key, nanos: parseGoTime(key) };
  if (lastSecond.nanos === undefined) return undefined;
  return lastSecond.nanos + BigInt(Number(fraction.padEnd(9, '0')));
}

/**
 * podmanTimestamp renders a record's time as `podman logs -t` does (Go's RFC3339Nano): in the
 * record's own zone, trailing zeros of the fraction dropped, and `Z` for a zero offset.
 */
export function podmanTimestamp(rawTime: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(
    rawTime,
  );
  if (!match) return rawTime;
  const [, clock, fraction = '', zone] = match;
  const trimmed = fraction.replace(/0+$/, '');
  const offset = zone === '+00:00' || zone === '-00:00' ? 'Z' : zone;
  return `${clock}${trimmed ? `.${trimmed}` : ''}${offset}`;
}
