import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Store } from './harness.js';

const LIMITS = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];

let store: Store;
const started: string[] = [];

/** detached starts a container running `command` and returns its id. */
function detached(...command: string[]): string {
  const result = store.skiff(['run', '-d', ...LIMITS, 'localhost/busybox', ...command]);
  if (result.code !== 0) throw new Error(`run -d failed: ${result.stderr}`);
  const id = result.stdout.trim();
  started.push(id);
  return id;
}

const top = (...args: string[]) => store.skiff(['top', ...args]);
const rows = (stdout: string) => stdout.split('\n').filter(Boolean);

beforeAll(() => {
  store = new Store();
  store.importBusybox();
});

afterAll(() => {
  if (started.length > 0) store.skiff(['rm', '-f', '-t', '0', ...started]);
  store.destroy();
});

describe('skiff top', () => {
  let id: string;
  beforeAll(() => {
    id = detached('sleep', '100');
  });

  it("lists a container's processes with Podman's default columns and spacing", () => {
    const result = top(id);
    expect(result.code).toBe(0);
    const [header, ...processes] = rows(result.stdout);
    expect(header).toMatch(/^USER {8}PID {9}PPID {8}%CPU {8}ELAPSED {2,}TTY {9}TIME {8}COMMAND$/);
    expect(processes).toHaveLength(1);
    expect(processes[0]).toMatch(
      /^root {8}1 {11}0 {11}0\.000 {7}\d+(\.\d+)?m?s {2,}\? {11}0s {10}sleep 100 $/,
    );
    // ELAPSED is as wide as its widest cell plus two spaces.
    const elapsed = processes[0].slice(48).split(' ')[0];
    expect(header.indexOf('TTY')).toBe(48 + Math.max(12, elapsed.length + 2));
  });

  it('is also `skiff container top`', () => {
    expect(store.skiff(['container', 'top', id, 'pid']).stdout).toBe('PID\n1\n');
  });

  it('shows the descriptors asked for, by name or AIX code, with host pids and users', () => {
    const [inspect] = JSON.parse(store.skiff(['inspect', id]).stdout);
    const result = top(id, 'pid,hpid', 'user', 'huser', '%U', 'seccomp', 'state', 'label');
    expect(rows(result.stdout)).toEqual([
      'PID         HPID        USER        HUSER       USER        SECCOMP     STATE       LABEL',
      `1           ${String(inspect.State.Pid).padEnd(12)}root        root        root        ` +
        'filter      S           ?',
    ]);
  });

  it('numbers the processes of an exec session as the container sees them', async () => {
    expect(store.skiff(['exec', '-d', id, 'sh', '-c', 'sleep 50 & sleep 60']).code).toBe(0);
    await sleep(500);
    const table = rows(top(id, 'pid', 'ppid', 'pgid', 'args').stdout).map((r) => r.split(/ +/));
    expect(table[0]).toEqual(['PID', 'PPID', 'PGID', 'COMMAND']);
    const [, init, shell, child] = table;
    expect(init).toEqual(['1', '0', '1', 'sleep', '100', '']);
    expect(shell.slice(1)).toEqual(['0', shell[0], 'sleep', '60', '']);
    expect(child.slice(1)).toEqual([shell[0], shell[0], 'sleep', '50', '']);
  });

  it('runs ps(1) in the container for arguments that are not descriptors', () => {
    const result = top(id, '-o', 'pid,comm');
    expect(result.code).toBe(0);
    const lines = rows(result.stdout);
    expect(lines[0]).toBe('PID   COMMAND');
    expect(lines).toContain('    1 sleep');
    expect(lines.some((line) => line.endsWith(' ps'))).toBe(true);

    // Lines that hold the arguments themselves are taken for the ps command and dropped.
    const all = rows(top(id, 'all').stdout);
    expect(all).toContain('    1 root     sleep 100');
    expect(all.filter((line) => line.includes(' ps'))).toEqual([]);
  });

  it("reports ps(1)'s failure with its output", () => {
    const result = top(id, '-o', 'nonexistent');
    expect(result.code).toBe(125);
    expect(result.stderr).toMatch(
      /^Error: executing ps\(1\) in the container: runtime failed with exit status: 1 and output: ps: bad -o argument 'nonexistent'/,
    );
  });
});

describe('skiff top on containers it cannot list', () => {
  it('refuses a container that is not running', () => {
    const created = store.skiff(['create', 'localhost/busybox', 'true']).stdout.trim();
    started.push(created);
    expect(top(created)).toMatchObject({
      code: 125,
      stdout: '',
      stderr: 'Error: top can only be used on running containers\n',
    });
  });

  it('names a container that does not exist, and asks for one when none is given', () => {
    expect(top('nosuch')).toMatchObject({
      code: 125,
      stderr:
        'Error: unable to look up requested container: no container with name or ID "nosuch" ' +
        'found: no such container\n',
    });
    expect(top()).toMatchObject({
      code: 125,
      stderr: 'Error: you must provide the name or id of a running container\n',
    });
  });

  it('lists zombies, which have left the cgroup, by their name and without host data', async () => {
    const id = detached('sh', '-c', 'sleep 1 & exec sleep 100');
    await sleep(1_500);
    const lines = rows(top(id, 'pid', 'ppid', 'state', 'hpid', 'args').stdout);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^\d+ +1 +Z +\? +\[sleep\]$/);
  });
});
