import { spawn } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { identityAlive, pidAlive, processIdentity } from './process-identity.js';

describe('processIdentity', () => {
  it('names this process by pid and start time, and says it is alive', () => {
    const me = processIdentity();
    expect(me).toMatch(new RegExp(`^${process.pid}:\\d+$`));
    expect(identityAlive(me as string)).toBe(true);
    expect(pidAlive(process.pid)).toBe(true);
  });

  it('tells a reused pid from the process that once had it', () => {
    const [pid, started] = (processIdentity() as string).split(':');
    expect(identityAlive(`${pid}:${Number(started) + 1}`)).toBe(false);
  });

  it('reports a process that exited as dead, zombie or reaped', async () => {
    const child = spawn('/bin/true');
    const identity = processIdentity(child.pid as number);
    await new Promise((resolve) => child.on('exit', resolve));

    expect(identityAlive(identity ?? `${child.pid}:0`)).toBe(false);
    expect(pidAlive(child.pid as number)).toBe(false);
    expect(processIdentity(-1)).toBeUndefined();
    expect(pidAlive(0)).toBe(false);
  });
});
