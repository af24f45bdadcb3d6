import { readFileSync } from 'node:fs';

/**
 * attachedOwnerAlive answers conmon's exit command for a container that was started attached
 * (`container cleanup --monitor --attached-by PID:START ID`) without loading the engine: while
 * the attached process lives, it cleans up after the container itself. The callback runs after
 * every foreground container, so starting the whole command line for nothing would cost each
 * `run` a second full start-up.
 */
export function attachedOwnerAlive(argv: readonly string[]): boolean {
  if (argv[0] !== 'container' || argv[1] !== 'cleanup' || !argv.includes('--monitor')) {
    return false;
  }
  const flag = argv.indexOf('--attached-by');
  const owner = flag < 0 ? undefined : argv[flag + 1];
  return owner !== undefined && alive(owner);
}

// The same test as core's process identity: pid and start time, zombies counted as gone.
function alive(identity: string): boolean {
  const [pid, started] = identity.split(':');
  try {
    const stat = readFileSync(`/proc/${Number(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] !== 'Z' && fields[0] !== 'X' && fields[19] === started;
  } catch {
    return false;
  }
}
