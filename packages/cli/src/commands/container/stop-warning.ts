import type { StopReport } from '@skiff/core';

/**
 * warnEscalation prints Podman's warning when the stop signal had to give way to SIGKILL, in
 * the two shapes Podman's logger has: `WARN[0010] ...` on a terminal, and
 * `time="..." level=warning msg="..."` otherwise.
 */
export function warnEscalation(name: string, report: StopReport): void {
  const escalated = report.escalated;
  if (!escalated) return;

  const message =
    `StopSignal ${escalated.signal} failed to stop container ${name} in ` +
    `${escalated.timeout} seconds, resorting to SIGKILL`;
  if (process.stderr.isTTY) {
    process.stderr.write(`WARN[${String(escalated.timeout).padStart(4, '0')}] ${message}\n`);
    return;
  }
  process.stderr.write(`time="${localTimestamp(new Date())}" level=warning msg="${message}"\n`);
}

/** localTimestamp is RFC 3339 in local time to the second, as Podman's logger stamps lines. */
function localTimestamp(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;

  const minutes = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  const zone = `${offset > 0 ? '+' : '-'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  return `${local}${zone}`;
}
