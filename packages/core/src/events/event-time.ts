import { performance } from 'node:perf_hooks';

/**
 * eventTime renders nanoseconds since the epoch as Podman writes event times (Go's
 * RFC3339Nano in UTC): `2026-12-03T23:39:28.31741931Z`, trailing zeros of the fraction dropped.
 */
export function eventTime(nanos: bigint = nowNanos()): string {
  const seconds = nanos / 1_000_000_000n - (nanos < 0n && nanos % 1_000_000_000n !== 0n ? 1n : 0n);
  const fraction = nanos - seconds * 1_000_000_000n;
  const clock = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  const digits = fraction.toString().padStart(9, '0').replace(/0+$/, '');
  return `${clock}${digits ? `.${digits}` : ''}Z`;
}

/** nowNanos is the wall clock with the microseconds Node can tell, in nanoseconds. */
function nowNanos(): bigint {
  const micros = Math.trunc((performance.timeOrigin + performance.now()) * 1000);
  return BigInt(micros) * 1000n;
}
