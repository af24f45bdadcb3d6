import 'reflect-metadata';

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import {
  ExecutableNotFound,
  ExecutablePermission,
  OciRuntime,
  RuntimeNotFound,
  type RuntimeCreateOptions,
} from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { OciRuntimeProvider } from './oci-runtime-provider.js';
import { CapturedStream } from './testing/captured-stream.js';
import { useContainerFixture, type TestContainer } from './testing/container-fixture.js';
import { until } from './testing/until.js';

const fixture = useContainerFixture();

/** runAttached creates, attaches to and starts a container, then waits for its exit code. */
async function runAttached(
  container: TestContainer,
  overrides: Partial<RuntimeCreateOptions> = {},
) {
  const { provider, runtime } = fixture();
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();

  const created = await provider.create(fixture().createOptions(container, overrides));
  const session = await fixture().attach(container.bundle, { stdout, stderr, detachKeys: [] });
  await provider.start(runtime, container.id);
  const report = await session.done;

  const exitCode = await exitCodeOf(container);
  return { created, report, exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

function exitCodeOf(container: TestContainer): Promise<number> {
  return until(() => fixture().provider.exitCode(container.exitDir, container.id), 'the exit code');
}

/** startDetached creates and starts a container with nobody attached. */
async function startDetached(args: string[]) {
  const container = await fixture().container(args);
  const created = await fixture().provider.create(fixture().createOptions(container));
  await fixture().provider.start(fixture().runtime, container.id);
  return { container, created };
}

function monitorGone(pid: number, id: string): Promise<true> {
  return until(
    () => (fixture().provider.monitorAlive(pid, id) ? undefined : true),
    'conmon to exit',
  );
}

describe('OciRuntimeProvider with an attached container', { timeout: 20_000 }, () => {
  it('delivers stdout and stderr on their own streams', async () => {
    const container = await fixture().container(['sh', '-c', 'echo to-out; echo to-err >&2']);

    const run = await runAttached(container);

    expect(run.stdout).toBe('to-out\n');
    expect(run.stderr).toBe('to-err\n');
    expect(run.report).toEqual({ detached: false });
  });

  it.each([0, 3])('records the exit code %i of the container', async (code) => {
    const container = await fixture().container(['sh', '-c', `exit ${code}`]);

    await expect(runAttached(container)).resolves.toMatchObject({ exitCode: code });
  });

  it('reports the monitor alive while the container runs and gone once it exited', async () => {
    const { container, created } = await startDetached(['sleep', '30']);
    expect(fixture().provider.monitorAlive(created.monitorPid, container.id)).toBe(true);

    await fixture().provider.kill(fixture().runtime, container.id, 'KILL');

    await expect(monitorGone(created.monitorPid, container.id)).resolves.toBe(true);
  });

  it('does not take a process that is not conmon, or a conmon of another container, as the monitor', async () => {
    const container = await fixture().container(['sleep', '30']);
    const { monitorPid } = await fixture().provider.create(fixture().createOptions(container));

    expect(fixture().provider.monitorAlive(process.pid, container.id)).toBe(false);
    expect(fixture().provider.monitorAlive(monitorPid, 'skiff-test-other')).toBe(false);
    expect(fixture().provider.monitorAlive(0, container.id)).toBe(false);
  });

  it('runs the exit command with its arguments once the exit code is recorded', async () => {
    const container = await fixture().container(['sh', '-c', 'exit 4']);
    const marker = join(fixture().dir, `${container.id}.exited`);
    const exitFile = join(container.exitDir, container.id);
    const script = `echo "$1 $(cat "$2")" > ${marker}.tmp && mv ${marker}.tmp ${marker}`;
    const exitCommand = ['/bin/sh', '-c', script, 'sh', 'cleanup-arg', exitFile];

    await runAttached(container, { exitCommand });

    const content = await until(
      () => (existsSync(marker) ? readFileSync(marker, 'utf8') : undefined),
      'the exit command',
    );
    expect(content).toBe('cleanup-arg 4\n');
  });

  it('keeps the output in a k8s-file log', async () => {
    const container = await fixture().container(['sh', '-c', 'echo line-one; echo line-two >&2']);

    await runAttached(container);

    const lines = readFileSync(container.logPath, 'utf8').trim().split('\n');
    expect(lines.map((line) => line.split(' ').slice(1).join(' '))).toEqual([
      'stdout F line-one',
      'stderr F line-two',
    ]);
  });

  it('keeps the log within logSizeMax by truncating it', async () => {
    const container = await fixture().container(['seq', '1', '2000']);

    await runAttached(container, { logSizeMax: 4096 });

    expect(statSync(container.logPath).size).toBeLessThanOrEqual(4096);
    expect(readFileSync(container.logPath, 'utf8')).toMatch(/ stdout F 2000\n$/);
  });
});

describe('OciRuntimeProvider with a detached container', { timeout: 20_000 }, () => {
  it('reports a created container as created before it starts', async () => {
    const container = await fixture().container(['sleep', '30']);

    const { pid } = await fixture().provider.create(fixture().createOptions(container));

    await expect(fixture().provider.state(fixture().runtime, container.id)).resolves.toEqual({
      status: 'created',
      pid,
    });
  });

  it('keeps the container running after the calls return, until it is killed', async () => {
    const { container, created } = await startDetached(['sleep', '30']);

    await expect(fixture().provider.state(fixture().runtime, container.id)).resolves.toEqual({
      status: 'running',
      pid: created.pid,
    });
    await fixture().provider.kill(fixture().runtime, container.id, 'KILL');

    await expect(exitCodeOf(container)).resolves.toBe(137);
  });

  it('sends a signal to every process of the container, not only the first', async () => {
    // Signals without a handler do not reach a container's pid 1; its child sleep gets TERM.
    const { container } = await startDetached(['sh', '-c', 'sleep 30; exit $?']);
    await until(async () => {
      const pids = await fixture().provider.processes(fixture().runtime, container.id);
      return pids.length === 2 ? pids : undefined;
    }, 'the child process');

    await fixture().provider.kill(fixture().runtime, container.id, 'TERM');

    await expect(exitCodeOf(container)).resolves.toBe(143);
  });

  it('leaves no state once a stopped container is deleted', async () => {
    const { container } = await startDetached(['sh', '-c', 'exit 0']);
    await exitCodeOf(container);
    await expect(fixture().provider.state(fixture().runtime, container.id)).resolves.toMatchObject({
      status: 'stopped',
    });

    await fixture().provider.delete(fixture().runtime, container.id, false);

    await expect(
      fixture().provider.state(fixture().runtime, container.id),
    ).resolves.toBeUndefined();
  });

  it('refuses to delete a running container unless forced', async () => {
    const { container } = await startDetached(['sleep', '30']);

    await expect(fixture().provider.delete(fixture().runtime, container.id, false)).rejects.toThrow(
      OciRuntime,
    );
    await fixture().provider.delete(fixture().runtime, container.id, true);

    await expect(
      fixture().provider.state(fixture().runtime, container.id),
    ).resolves.toBeUndefined();
  });

  it('pauses and resumes every process of the container', async () => {
    const { container } = await startDetached(['sleep', '30']);

    await fixture().provider.pause(fixture().runtime, container.id);
    const paused = await fixture().provider.state(fixture().runtime, container.id);
    await fixture().provider.resume(fixture().runtime, container.id);
    const resumed = await fixture().provider.state(fixture().runtime, container.id);

    expect([paused?.status, resumed?.status]).toEqual(['paused', 'running']);
  });

  it('lists the host pids of the container processes', async () => {
    const { container, created } = await startDetached(['sh', '-c', 'sleep 30 & sleep 30; exit']);

    const pids = await until(async () => {
      const listed = await fixture().provider.processes(fixture().runtime, container.id);
      return listed.length === 3 ? listed : undefined;
    }, 'three processes');

    expect(pids).toContain(created.pid);
    for (const pid of pids) {
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toMatch(/^(sh|sleep)\0/);
    }
  });
});

describe('OciRuntimeProvider when the container cannot start', { timeout: 20_000 }, () => {
  async function failedCreate(args: string[]) {
    const container = await fixture().container(args);
    const error = await fixture()
      .provider.create(fixture().createOptions(container))
      .catch((e) => e);
    return { container, error: error as Error };
  }

  async function leftBehind(container: TestContainer) {
    return {
      runtimeState: await fixture().runtimeState(container.id),
      conmons: fixture().conmonPids(container.id),
    };
  }

  it('throws ExecutableNotFound in Podman words for a command that does not exist', async () => {
    const { error } = await failedCreate(['no-such-command']);

    expect(error).toBeInstanceOf(ExecutableNotFound);
    expect(error.message).toBe(
      'runc: runc create failed: unable to start container process: ' +
        'exec: "no-such-command": executable file not found in $PATH: ' +
        'OCI runtime attempted to invoke a command that was not found',
    );
  });

  it('throws ExecutablePermission for a file without execute permission', async () => {
    const { error } = await failedCreate(['/bin/not-executable']);

    expect(error).toBeInstanceOf(ExecutablePermission);
    expect(error.message).toBe(
      'runc: runc create failed: unable to start container process: ' +
        'exec: "/bin/not-executable": permission denied: OCI permission denied',
    );
  });

  it.each([['no-such-command'], ['/bin/not-executable']])(
    'leaves neither runtime state nor conmon behind after %s failed',
    async (command) => {
      const { container } = await failedCreate([command]);

      const left = await until(async () => {
        const found = await leftBehind(container);
        return found.conmons.length === 0 ? found : undefined;
      }, 'conmon to exit');

      expect(left).toEqual({ runtimeState: undefined, conmons: [] });
    },
  );

  it('reports a log file conmon cannot open as OciRuntime, not as a missing command', async () => {
    const container = await fixture().container(['sleep', '30']);
    const logPath = join(fixture().dir, 'no-such-dir', 'ctr.log');

    const error = await fixture()
      .provider.create(fixture().createOptions(container, { logPath }))
      .catch((e: unknown) => e as OciRuntime);

    expect(error).toBeInstanceOf(OciRuntime);
    expect(error.message).toMatch(
      /^OCI runtime error: runc: conmon failed: .*Failed to open log file/,
    );
    await expect(fixture().runtimeState(container.id)).resolves.toBeUndefined();
  });

  it('reports a runtime binary that vanished as OciRuntime', async () => {
    const container = await fixture().container(['sleep', '30']);
    const runtime = { name: 'gone', path: join(fixture().dir, 'gone', 'runc') };

    await expect(
      fixture().provider.create(fixture().createOptions(container, { runtime })),
    ).rejects.toThrow(/^OCI runtime error: gone: conmon failed: .*Runtime path .* is not valid/);
  });

  it('throws RuntimeNotFound naming the configured paths when conmon is missing', async () => {
    const conmonPaths = [join(fixture().dir, 'no/conmon'), '/nowhere/conmon'];
    const provider = new OciRuntimeProvider({ ...fixture().env, conmonPaths });
    const container = await fixture().container(['sleep', '30']);

    await expect(provider.create(fixture().createOptions(container))).rejects.toThrow(
      new RuntimeNotFound(
        `could not find a working conmon binary (configured options: ` +
          `[${conmonPaths.join(' ')}]): invalid argument`,
      ),
    );
  });
});

describe('OciRuntimeProvider with an unknown container', () => {
  it('reports no state', async () => {
    await expect(fixture().provider.state(fixture().runtime, 'skiff-test-unknown')).resolves.toBe(
      undefined,
    );
  });

  it('treats deleting it as done', async () => {
    await expect(
      fixture().provider.delete(fixture().runtime, 'skiff-test-unknown', false),
    ).resolves.toBeUndefined();
  });

  it('fails to signal it with the runtime words', async () => {
    await expect(
      fixture().provider.kill(fixture().runtime, 'skiff-test-unknown', 'TERM'),
    ).rejects.toThrow(
      new OciRuntime(
        'OCI runtime error: runc: container does not exist',
        'container does not exist',
      ),
    );
  });

  it('reports no exit code', async () => {
    await expect(fixture().provider.exitCode(fixture().dir, 'skiff-test-unknown')).resolves.toBe(
      undefined,
    );
  });
});
