import { readFileSync } from 'node:fs';

/**
 * processIdentity names a live process as `<pid>:<start time>`: a pid alone may be reused by
 * another process after its owner exits or the host reboots, the pair may not.
 */
export function processIdentity(pid: number = process.pid): string | undefined {
  const started = startTime(pid);
  return started === undefined ? undefined : `${pid}:${started}`;
}

/** identityAlive says whether the process an identity names still runs and is not a zombie. */
export function identityAlive(identity: string): boolean {
  const [pid, started] = identity.split(':');
  const stat = readStat(Number(pid));
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X' && stat.start === started;
}

/** pidAlive says whether a pid names a process that runs and is not a zombie. */
export function pidAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

function startTime(pid: number): string | undefined {
  return readStat(pid)?.start;
}

// The command name in /proc/<pid>/stat may hold spaces and parentheses, so fields are counted
// from the last `)`: state is field 3 and start time field 22.
function readStat(pid: number): { state: string; start: string } | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], start: fields[19] };
  } catch {
    return undefined;
  }
}
