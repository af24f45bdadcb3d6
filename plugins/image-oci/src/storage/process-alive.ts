/**
 * processAlive reports whether process `pid` still runs, in this user's reach or not: work
 * directories named after their owner's pid are abandoned only when it is gone.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
