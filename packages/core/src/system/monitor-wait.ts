import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * waitForMonitors waits, up to `timeoutMs`, until no process names one of the containers
 * `ids` on its command line: their conmon, a runtime call, and the `container cleanup` conmon
 * starts as it exits. Such a late clean-up would open the store's database again, so a reset
 * must let it finish before deleting the store. It returns whether they all ended.
 */
export async function waitForMonitors(ids: readonly string[], timeoutMs: number) {
  if (ids.length === 0) return true;
  const deadline = Date.now() + timeoutMs;
  for (let pause = 10; ; pause = Math.min(pause * 2, 100)) {
    if (!processNames(new Set(ids))) return true;
    if (Date.now() > deadline) return false;
    await sleep(pause);
  }
}

function processNames(ids: ReadonlySet<string>): boolean {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === process.pid || zombie(pid)) continue;
    const argv = read(`/proc/${pid}/cmdline`).split('\0');
    if (argv.some((arg) => ids.has(arg))) return true;
  }
  return false;
}

// A zombie has finished; this host's init may leave orphans unreaped for a long time.
function zombie(pid: string): boolean {
  const stat = read(`/proc/${pid}/stat`);
  return stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
