import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { pidAlive, runcContainers, Store, waitFor } from './harness.js';

const IMAGE = 'localhost/busybox';

/** Signal numbers, for the masks in /proc/<pid>/status. */
const SIGUSR1 = 10;
const SIGTERM = 15;

/** A shell that exits 0 on SIGTERM at once, unlike a bare pid 1, which ignores it. */
const STOPS_ON_TERM = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 0.1; done'];

let store: Store;

beforeAll(() => {
  store = new Store();
  store.importBusybox();
});

afterAll(() => store.destroy());

/** inspect returns `skiff inspect`'s object for one container. */
function inspect(name: string) {
  const result = store.skiff(['inspect', name]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout)[0];
}

/** detached runs a container with `run -d` and returns its id. */
function detached(...args: string[]): string {
  const result = store.skiff(['run', '-d', ...args]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return result.stdout.trim();
}

/** psLine is the `ps -a` row of a container, or undefined when it is not listed. */
function psLine(id: string): string | undefined {
  return store
    .skiff(['ps', '-a'])
    .stdout.split('\n')
    .find((line) => line.startsWith(id.slice(0, 12)));
}

/** handles says whether a process's `SigIgn` or `SigCgt` mask holds a signal. */
function handles(pid: number, mask: 'SigIgn' | 'SigCgt', signal: number): boolean {
  const status = existsSync(`/proc/${pid}/status`)
    ? readFileSync(`/proc/${pid}/status`, 'utf8')
    : '';
  const hex = new RegExp(`^${mask}:\\s*([0-9a-f]+)$`, 'm').exec(status)?.[1] ?? '0';
  return (BigInt(`0x${hex}`) & (1n << BigInt(signal - 1))) !== 0n;
}

/** ready waits for a container's first process to have set up its signal handling. */
async function ready(id: string, mask: 'SigIgn' | 'SigCgt', signal: number): Promise<number> {
  const pid = inspect(id).State.Pid as number;
  await waitFor(`pid ${pid} to handle signal ${signal}`, () => handles(pid, mask, signal));
  return pid;
}

/** settled waits until nothing of a container runs any more: its monitor, exit command, runc. */
async function settled(id: string): Promise<void> {
  await waitFor(`the processes of ${id} to end`, () => store.processesOf(id).length === 0);
}

/**
 * leavesNothing waits until a store holds no process and no bundle besides those of the
 * `running` containers: a bad request may not leave a monitor, a runtime or files behind.
 */
async function leavesNothing(target: Store, ids: string[], running: string): Promise<void> {
  const stray = () =>
    target
      .processes(ids)
      .filter((p) => !p.cmdline.includes(running) && !p.cgroup.includes(running));
  const extraBundles = () => target.bundles().filter((id) => id !== running);
  await waitFor('no stray process or bundle', () => stray().length + extraBundles().length === 0);
  expect(stray()).toEqual([]);
  expect(extraBundles()).toEqual([]);
}

describe('containers under conmon', () => {
  it('keeps a detached container running once the CLI has exited', () => {
    const id = detached(IMAGE, 'sleep', '60');

    expect(psLine(id)).toMatch(/\sUp /);
    const state = inspect(id).State;
    expect(state).toMatchObject({ Status: 'running', Running: true });
    expect(pidAlive(state.Pid)).toBe(true);
    expect(pidAlive(state.ConmonPid)).toBe(true);
    expect(store.skiff(['rm', '-f', '-t', '0', id]).code).toBe(0);
  });

  it('kills a process that ignores SIGTERM once stop -t 1 has waited a second', async () => {
    const id = detached('--name', 'stubborn', IMAGE, 'sh', '-c', 'trap "" TERM; sleep 100');
    await ready(id, 'SigIgn', SIGTERM);

    const started = Date.now();
    const stop = store.skiff(['stop', '-t', '1', 'stubborn']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(stop).toMatchObject({ code: 0, stdout: 'stubborn\n' });
    expect(stop.stderr).toMatch(
      /level=warning msg="StopSignal SIGTERM failed to stop container stubborn in 1 seconds, resorting to SIGKILL"/,
    );
    expect(inspect(id).State).toMatchObject({ Status: 'exited', ExitCode: 137 });
    store.skiff(['rm', id]);
  });

  it('waits for exit codes 0, 1 and 137', async () => {
    const zero = detached(IMAGE, 'true');
    const one = detached(IMAGE, 'false');
    const killed = detached(IMAGE, 'sleep', '60');
    expect(store.skiff(['wait', zero])).toMatchObject({ code: 0, stdout: '0\n' });
    expect(store.skiff(['wait', one])).toMatchObject({ code: 0, stdout: '1\n' });

    const waiting = store.skiffAsync(['wait', killed]);
    expect(store.skiff(['kill', killed]).code).toBe(0);
    expect(await waiting).toMatchObject({ code: 0, stdout: '137\n' });
    store.skiff(['rm', zero, one, killed]);
  });

  it('reports the exit code of a container that ended while no command watched it', async () => {
    const id = detached(IMAGE, 'sh', '-c', 'sleep 1; exit 3');
    await settled(id);

    expect(store.skiff(['wait', id])).toMatchObject({ code: 0, stdout: '3\n' });
    expect(psLine(id)).toMatch(/Exited \(3\)/);
    store.skiff(['rm', id]);
  });

  it('waits for a condition, printing -1 for a state, and refuses an unknown one', () => {
    const id = detached(IMAGE, 'sleep', '60');
    expect(store.skiff(['wait', '--condition', 'running', id])).toMatchObject({
      code: 0,
      stdout: '-1\n',
    });
    const created = store.skiff(['create', IMAGE, 'true']).stdout.trim();
    expect(store.skiff(['wait', created])).toMatchObject({ code: 0, stdout: '0\n' });

    expect(store.skiff(['wait', '--condition', 'bogus', id])).toMatchObject({
      code: 125,
      stdout: '',
      stderr: 'Error: unknown container state: bogus: invalid argument\n',
    });
    store.skiff(['rm', '-f', '-t', '0', id, created]);
  });

  describe('exec', () => {
    let id: string;
    beforeAll(() => {
      id = detached(IMAGE, 'sleep', '120');
    });
    afterAll(() => store.skiff(['rm', '-f', '-t', '0', id]));

    it("exits with the exec'd process's status, 127 for a missing command, 126 for a directory", () => {
      expect(store.skiff(['exec', id, 'sh', '-c', 'exit 7']).code).toBe(7);
      expect(store.skiff(['exec', id, 'no-such-command']).code).toBe(127);
      expect(store.skiff(['exec', id, '/tmp']).code).toBe(126);
    });

    it('applies -e, -w and -u', () => {
      const env = store.skiff(['exec', '-e', 'FOO=bar', id, 'sh', '-c', 'echo $FOO']);
      expect(env).toMatchObject({ code: 0, stdout: 'bar\n' });
      expect(store.skiff(['exec', '-w', '/tmp', id, 'pwd']).stdout).toBe('/tmp\n');
      expect(store.skiff(['exec', '-u', '1000', id, 'id', '-u']).stdout).toBe('1000\n');
      expect(store.skiff(['exec', '-u', 'user', id, 'id', '-un']).stdout).toBe('user\n');
    });

    it('passes piped input with -i, and none without it', () => {
      const options = { input: 'piped\n' };
      expect(store.skiff(['exec', '-i', id, 'cat'], options)).toMatchObject({
        code: 0,
        stdout: 'piped\n',
      });
      expect(store.skiff(['exec', id, 'cat'], options)).toMatchObject({ code: 0, stdout: '' });
    });

    it('prints a session id with -d and leaves the process running', async () => {
      const result = store.skiff(['exec', '-d', id, 'sh', '-c', 'sleep 0.5; echo done > /tmp/d']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^[0-9a-f]{64}\n$/);
      await waitFor('the detached exec to write its file', () => {
        return store.skiff(['exec', id, 'cat', '/tmp/d']).stdout === 'done\n';
      });
    });
  });

  it('gives run -it a terminal that echoes what is typed', () => {
    const quoted = store.commandLine(['run', '-it', '--rm', IMAGE, 'sh']).map((arg) => `'${arg}'`);
    const result = spawnSync('script', ['-eqc', quoted.join(' '), '/dev/null'], {
      input: 'echo hello-$((6*7))\ntty\nexit 5\n',
      encoding: 'utf8',
      env: { ...process.env, CONTAINERS_CONF: store.conf },
      timeout: 60_000,
    });

    expect(result.status).toBe(5);
    expect(result.stdout).toContain('echo hello-$((6*7))');
    expect(result.stdout).toMatch(/^hello-42\r?\r?$/m);
    expect(result.stdout).toMatch(/^\/dev\/pts\/\d+\r?\r?$/m);
  });

  it('detaches from run -it on ctrl-p ctrl-q, leaving the container running', async () => {
    const args = ['run', '-it', '--name', 'detachable', IMAGE, 'sh'];
    const quoted = store.commandLine(args).map((arg) => `'${arg}'`);
    const session = spawn('script', ['-eqc', quoted.join(' '), '/dev/null'], {
      env: { ...process.env, CONTAINERS_CONF: store.conf },
    });
    let stdout = '';
    session.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => session.on('exit', resolve));

    // The keys go only once the shell has answered: typed before skiff has put the terminal
    // in raw mode, ctrl-q would be taken by the terminal's flow control.
    session.stdin.write('echo before-$((6*7))\n');
    await waitFor('the shell to answer', () => stdout.includes('before-42'));
    session.stdin.write('\x10\x11');

    expect(await exited).toBe(0);
    expect(inspect('detachable').State.Status).toBe('running');
    expect(store.skiff(['rm', '-f', '-t', '0', 'detachable']).code).toBe(0);
  });

  it('relays a signal sent to a foreground run to the container (--sig-proxy)', async () => {
    const script = 'trap "echo got-usr1; exit 7" USR1; while :; do sleep 0.1; done';
    const run = store.spawnSkiff(['run', '--name', 'proxied', IMAGE, 'sh', '-c', script]);
    let stdout = '';
    run.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => run.on('exit', resolve));
    await waitFor('the container to run', () => {
      const found = store.skiff(['inspect', 'proxied']);
      return found.code === 0 && inspect('proxied').State.Status === 'running';
    });
    await ready(inspect('proxied').Id as string, 'SigCgt', SIGUSR1);

    run.kill('SIGUSR1');

    expect(await exited).toBe(7);
    expect(stdout).toContain('got-usr1');
    expect(store.skiff(['rm', 'proxied']).code).toBe(0);
  });

  it('removes a --rm -d container after it exits, with no command running', async () => {
    const id = detached('--rm', IMAGE, 'sleep', '1');

    await waitFor('the container to be removed', () => psLine(id) === undefined);
    expect(store.skiff(['container', 'exists', id]).code).toBe(1);
    await settled(id);
    expect(runcContainers(store.runroot)).not.toContain(id);
    expect(store.bundles()).not.toContain(id);
  });

  it('leaves a foreground --rm container to its exit command once the run is killed', async () => {
    // Long enough that a loaded host still sees it running before the run is killed.
    const run = store.spawnSkiff(['run', '--rm', '--name', 'orphan', IMAGE, 'sleep', '6']);
    await waitFor('the container to run', () => {
      const found = store.skiff(['inspect', 'orphan']);
      return found.code === 0 && inspect('orphan').State.Status === 'running';
    });
    const id = inspect('orphan').Id as string;

    run.kill('SIGKILL');
    // Nobody attached is left to clean up: conmon's exit command removes the container.
    await waitFor('the container to be removed', () => psLine(id) === undefined, {
      timeoutMs: 20_000,
    });
    await settled(id);
    expect(store.bundles()).not.toContain(id);
  });

  it('shows a container whose conmon was killed as exited, and can remove it', async () => {
    const id = detached(IMAGE, 'sleep', '60');
    const state = inspect(id).State;
    const pidFile = join(store.runroot, 'containers', id, 'conmon.pid');
    expect(Number(readFileSync(pidFile, 'utf8'))).toBe(state.ConmonPid);

    process.kill(state.ConmonPid, 'SIGKILL');
    await waitFor('conmon to die', () => !pidAlive(state.ConmonPid));
    expect(psLine(id)).toMatch(/Exited \(/);
    await waitFor('the orphaned container process to die', () => !pidAlive(state.Pid));

    expect(store.skiff(['rm', id])).toMatchObject({ code: 0, stdout: `${id}\n` });
    expect(store.processesOf(id)).toEqual([]);
    expect(store.bundles()).not.toContain(id);
  });

  it('shows containers as exited once the runroot is emptied, and starts them again', async () => {
    const id = detached('--name', 'rebooted', IMAGE, 'sleep', '60');
    const state = inspect(id).State;
    for (const pid of [state.ConmonPid, state.Pid]) process.kill(pid, 'SIGKILL');
    await waitFor('the container and conmon to die', () => store.processesOf(id).length === 0);
    rmSync(store.runroot, { recursive: true, force: true });

    expect(psLine(id)).toMatch(/Exited \(/);
    expect(store.skiff(['start', 'rebooted'])).toMatchObject({ code: 0, stdout: 'rebooted\n' });
    expect(psLine(id)).toMatch(/\sUp /);
    expect(store.skiff(['exec', 'rebooted', 'echo', 'back']).stdout).toBe('back\n');
    expect(store.skiff(['rm', '-f', '-t', '0', 'rebooted']).code).toBe(0);
  });

  it('runs 20 containers started at once and stops them all', async () => {
    const runs = await Promise.all(
      Array.from({ length: 20 }, () => store.skiffAsync(['run', '-d', IMAGE, 'sleep', '120'])),
    );
    expect(runs.filter((r) => r.code !== 0)).toEqual([]);
    const ids = runs.map((r) => r.stdout.trim());
    expect(new Set(ids).size).toBe(20);
    const running = store.skiff(['ps', '-q', '--no-trunc']).stdout.split('\n').filter(Boolean);
    expect(running.sort()).toEqual([...ids].sort());

    const stops = await Promise.all(ids.map((id) => store.skiffAsync(['stop', '-t', '0', id])));
    expect(stops.map((r) => r.code)).toEqual(ids.map(() => 0));
    expect(store.skiff(['ps', '-q']).stdout).toBe('');
    for (const id of ids) expect(psLine(id)).toMatch(/Exited \(137\)/);
    expect(store.skiff(['rm', ...ids]).code).toBe(0);
  });

  it('pauses and unpauses a container', () => {
    const id = detached('--name', 'frozen', IMAGE, 'sleep', '60');

    expect(store.skiff(['pause', 'frozen'])).toMatchObject({ code: 0, stdout: 'frozen\n' });
    expect(psLine(id)).toMatch(/\sPaused\s/);
    // As Podman's, a plain ps lists running containers only.
    expect(store.skiff(['ps', '-q']).stdout).not.toContain(id.slice(0, 12));
    expect(inspect(id).State).toMatchObject({ Status: 'paused', Paused: true });

    expect(store.skiff(['unpause', 'frozen'])).toMatchObject({ code: 0, stdout: 'frozen\n' });
    expect(psLine(id)).toMatch(/\sUp /);
    expect(store.skiff(['rm', '-f', '-t', '0', 'frozen']).code).toBe(0);
  });

  it('restarts a running container with a new process, and starts an exited one', () => {
    const id = detached('--name', 'again', IMAGE, 'sleep', '60');
    const before = inspect(id).State.Pid;

    expect(store.skiff(['restart', '-t', '0', 'again'])).toMatchObject({
      code: 0,
      stdout: 'again\n',
    });
    const after = inspect(id).State;
    expect(after).toMatchObject({ Status: 'running' });
    expect(after.Pid).not.toBe(before);

    store.skiff(['stop', '-t', '0', 'again']);
    expect(store.skiff(['restart', 'again']).stdout).toBe('again\n');
    expect(psLine(id)).toMatch(/\sUp /);
    store.skiff(['rm', '-f', '-t', '0', 'again']);
  });

  it('sends the signal kill -s names', async () => {
    const script = 'trap "exit 42" USR1; while :; do sleep 0.1; done';
    const id = detached('--name', 'signalled', IMAGE, 'sh', '-c', script);
    await ready(id, 'SigCgt', SIGUSR1);

    expect(store.skiff(['kill', '-s', 'USR1', 'signalled'])).toMatchObject({
      code: 0,
      stdout: 'signalled\n',
    });
    expect(store.skiff(['wait', 'signalled']).stdout).toBe('42\n');
    store.skiff(['rm', id]);
  });

  it("exits start -a with the container's status", () => {
    store.skiff(['create', '--name', 'once', IMAGE, 'sh', '-c', 'echo hi; exit 9']);
    expect(store.skiff(['start', '-a', 'once'])).toMatchObject({ code: 9, stdout: 'hi\n' });
    expect(store.skiff(['start', '-a', 'once'])).toMatchObject({ code: 9, stdout: 'hi\n' });
    store.skiff(['rm', 'once']);
  });

  it("shows a running container's output to attach and exits with its status", async () => {
    const script = 'while [ ! -e /stop ]; do echo tick; sleep 0.2; done; echo bye; exit 6';
    const id = detached('--name', 'watched', IMAGE, 'sh', '-c', script);
    const attach = store.spawnSkiff(['attach', 'watched'], ['ignore', 'pipe', 'pipe']);
    let output = '';
    attach.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => attach.on('close', done));

    await waitFor('attach to show output', () => output.includes('tick\n'));
    expect(store.skiff(['exec', 'watched', 'touch', '/stop']).code).toBe(0);
    expect(await exited).toBe(6);
    expect(output).toMatch(/tick\n(tick\n)*bye\n$/);
    store.skiff(['rm', id]);
  });

  describe('restart policies', () => {
    it('restarts on-failure:2 twice, then leaves the container exited', async () => {
      const id = detached('--restart', 'on-failure:2', IMAGE, 'sh', '-c', 'echo started; exit 3');

      await waitFor('two restarts', () => inspect(id).RestartCount === 2);
      await settled(id);
      expect(inspect(id)).toMatchObject({ RestartCount: 2, State: { Status: 'exited' } });
      const log = readFileSync(join(store.root, 'userdata', id, 'ctr.log'), 'utf8');
      expect(log.match(/ stdout F started$/gm)).toHaveLength(3);
      store.skiff(['rm', id]);
    });

    for (const policy of ['always', 'unless-stopped']) {
      it(`restarts ${policy} after an exit, even a clean one, but not after stop`, async () => {
        const script = 'echo started; sleep 0.5';
        const id = detached('--restart', policy, IMAGE, 'sh', '-c', script);
        await waitFor('a restart', () => inspect(id).RestartCount >= 1);

        expect(store.skiff(['stop', '-t', '0', id]).code).toBe(0);
        await settled(id);
        const after = inspect(id);
        expect(after.State).toMatchObject({ Status: 'exited' });
        expect(store.skiff(['ps', '-q']).stdout).toBe('');
        store.skiff(['rm', id]);
      });
    }
  });

  it('removes every container with rm -a, running ones only with -f, and stops all with stop -a, printing ids', () => {
    const own = new Store();
    try {
      own.importBusybox();
      const created = own.skiff(['create', IMAGE, 'true']).stdout.trim();
      const running = own.skiff(['run', '-d', IMAGE, 'sleep', '60']).stdout.trim();

      expect(own.skiff(['rm', '-a', 'extra'])).toMatchObject({
        code: 125,
        stderr: 'Error: no arguments are needed with --all\n',
      });
      expect(own.skiff(['rm'])).toMatchObject({
        code: 125,
        stderr: 'Error: you must provide at least one name or id\n',
      });
      const first = own.skiff(['rm', '-a']);
      expect(first).toMatchObject({ code: 2, stdout: `${created}\n` });
      expect(first.stderr).toContain(`cannot remove container ${running} as it is running`);
      expect(own.skiff(['rm', '-a', '-f', '-t', '0'])).toMatchObject({
        code: 0,
        stdout: `${running}\n`,
      });
      expect(own.skiff(['ps', '-aq']).stdout).toBe('');

      const again = own.skiff(['run', '-d', IMAGE, 'sleep', '60']).stdout.trim();
      expect(own.skiff(['stop', '-a', 'extra'])).toMatchObject({
        code: 125,
        stderr: 'Error: no arguments are needed with --all\n',
      });
      expect(own.skiff(['stop', '-a', '-t', '0'])).toMatchObject({ code: 0, stdout: `${again}\n` });
    } finally {
      own.destroy();
    }
  });

  it('answers container exists with 0 or 1', () => {
    const id = store.skiff(['create', '--name', 'here', IMAGE, 'true']).stdout.trim();
    expect(store.skiff(['container', 'exists', 'here']).code).toBe(0);
    expect(store.skiff(['container', 'exists', id.slice(0, 12)]).code).toBe(0);
    expect(store.skiff(['container', 'exists', 'nowhere'])).toMatchObject({ code: 1, stdout: '' });
    store.skiff(['rm', 'here']);
  });

  it('prunes containers that are not running, and keeps running ones', () => {
    const created = store.skiff(['create', IMAGE, 'true']).stdout.trim();
    const exited = detached(IMAGE, 'true');
    store.skiff(['wait', exited]);
    const running = detached(IMAGE, 'sleep', '60');

    const prune = store.skiff(['container', 'prune', '-f']);
    expect(prune.code).toBe(0);
    expect(prune.stdout.split('\n').filter(Boolean).sort()).toEqual([created, exited].sort());
    expect(store.skiff(['ps', '-aq', '--no-trunc']).stdout).toBe(`${running}\n`);
    store.skiff(['rm', '-f', '-t', '0', running]);
  });

  it('removes a running container with rm -f, printing the name as typed', async () => {
    const id = detached('--name', 'doomed', IMAGE, ...STOPS_ON_TERM);
    await ready(id, 'SigCgt', SIGTERM);

    expect(store.skiff(['rm', '-f', 'doomed'])).toMatchObject({
      code: 0,
      stdout: 'doomed\n',
      stderr: '',
    });
    expect(store.skiff(['container', 'exists', id]).code).toBe(1);
    await settled(id);
  });
});

describe('lifecycle requests Podman refuses or ignores', () => {
  let bad: Store;
  let running: string;
  let stopped: string;
  beforeAll(() => {
    bad = new Store();
    bad.importBusybox();
    running = bad.skiff(['run', '-d', '--name', 'up', IMAGE, 'sleep', '120']).stdout.trim();
    stopped = bad.skiff(['create', '--name', 'down', IMAGE, 'true']).stdout.trim();
    bad.skiff(['start', '-a', 'down']);
  });
  afterAll(() => bad.destroy());

  const leaves = () => leavesNothing(bad, [running, stopped], running);

  it('starts a running container silently', async () => {
    expect(bad.skiff(['start', 'up'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    await leaves();
  });

  it('stops a stopped container, printing its name', async () => {
    expect(bad.skiff(['stop', 'down'])).toMatchObject({ code: 0, stdout: 'down\n', stderr: '' });
    await leaves();
  });

  it('refuses exec in a stopped container with 255', async () => {
    expect(bad.skiff(['exec', 'down', 'true'])).toMatchObject({
      code: 255,
      stderr:
        'Error: can only create exec sessions on running containers: container state improper\n',
    });
    await leaves();
  });

  it('refuses to attach to a missing container with 125', async () => {
    expect(bad.skiff(['attach', 'nosuch'])).toMatchObject({
      code: 125,
      stderr: 'Error: no container with name or ID "nosuch" found: no such container\n',
    });
    await leaves();
  });

  it('refuses a bad signal name with 125', async () => {
    expect(bad.skiff(['kill', '-s', 'BOGUS', 'up'])).toMatchObject({
      code: 125,
      stdout: '',
      stderr: 'Error: invalid signal: BOGUS\n',
    });
    expect(bad.skiff(['ps', '-q', '--no-trunc']).stdout).toBe(`${running}\n`);
    await leaves();
  });

  it('refuses a bad restart policy with 125', async () => {
    expect(bad.skiff(['run', '--restart=bogus', IMAGE, 'true'])).toMatchObject({
      code: 125,
      stderr:
        'Error: running container create option: "bogus" is not a valid restart policy: ' +
        'invalid argument\n',
    });
    await leaves();
  });

  it('refuses --rm with --restart=always with 125', async () => {
    expect(bad.skiff(['run', '--rm', '--restart=always', IMAGE, 'true'])).toMatchObject({
      code: 125,
      stderr:
        'Error: the --rm option conflicts with --restart, when the restartPolicy is not "" ' +
        'and "no"\n',
    });
    await leaves();
  });

  it('refuses rm of a running container without -f with 2', async () => {
    expect(bad.skiff(['rm', 'up'])).toMatchObject({
      code: 2,
      stderr:
        `Error: cannot remove container ${running} as it is running - running or paused ` +
        'containers cannot be removed without force: container state improper\n',
    });
    await leaves();
  });

  it('lists only the containers that exist afterwards', () => {
    const all = bad.skiff(['ps', '-aq', '--no-trunc']).stdout.split('\n').filter(Boolean);
    expect(all.sort()).toEqual([running, stopped].sort());
  });
});
