import 'reflect-metadata';

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

import {
  ExecutableNotFound,
  type AttachStreams,
  type OciProcess,
  type RuntimeExecOptions,
} from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { CapturedStream } from './testing/captured-stream.js';
import { useContainerFixture, type TestContainer } from './testing/container-fixture.js';
import { until } from './testing/until.js';

const fixture = useContainerFixture();

/** running starts a detached `sleep` container to exec into. */
async function running(): Promise<TestContainer> {
  const container = await fixture().container(['sleep', '30']);
  await fixture().provider.create(fixture().createOptions(container));
  await fixture().provider.start(fixture().runtime, container.id);
  return container;
}

function processRunning(args: string[], terminal = false): OciProcess {
  return {
    terminal,
    user: { uid: 0, gid: 0 },
    args,
    env: ['PATH=/bin', 'TERM=xterm'],
    cwd: '/',
  };
}

function execOptions(
  container: TestContainer,
  process: OciProcess,
  extra: Partial<RuntimeExecOptions> = {},
): RuntimeExecOptions {
  return {
    runtime: fixture().runtime,
    id: container.id,
    ...fixture().execDir(),
    process,
    stdin: false,
    ...extra,
  };
}

function outputStreams(extra: Partial<AttachStreams> = {}) {
  return { stdout: new CapturedStream(), stderr: new CapturedStream(), detachKeys: [], ...extra };
}

describe('exec attached to the caller', { timeout: 20_000 }, () => {
  it('relays the output of the process and returns its exit code', async () => {
    const container = await running();
    const streams = outputStreams();
    const script = 'echo exec-out; echo exec-err >&2; exit 5';

    const report = await fixture().provider.exec(
      execOptions(container, processRunning(['sh', '-c', script]), { streams }),
    );

    expect(report).toMatchObject({ exitCode: 5 });
    expect(report.pid).toBeGreaterThan(0);
    expect([streams.stdout.text(), streams.stderr.text()]).toEqual(['exec-out\n', 'exec-err\n']);
  });

  it("runs the process in the container's pid namespace", async () => {
    const container = await running();
    const streams = outputStreams();

    await fixture().provider.exec(
      execOptions(container, processRunning(['cat', '/proc/1/cmdline']), { streams }),
    );

    expect(streams.stdout.text()).toBe('sleep\u000030\u0000');
  });

  it('passes stdin to the process and its end as EOF', async () => {
    const container = await running();
    const stdin = new PassThrough();
    const streams = outputStreams({ stdin });
    stdin.end('piped-in\n');

    const report = await fixture().provider.exec(
      execOptions(container, processRunning(['cat']), { streams, stdin: true }),
    );

    expect(report.exitCode).toBe(0);
    expect(streams.stdout.text()).toBe('piped-in\n');
  });

  it('gives the process a terminal when asked', async () => {
    const container = await running();
    const streams = outputStreams();

    await fixture().provider.exec(
      execOptions(container, processRunning(['tty'], true), { streams }),
    );

    expect(streams.stdout.text()).toMatch(/^\/dev\/pts\/\d+\r\n$/);
  });

  it('returns without an exit code when the user detaches, leaving the process running', async () => {
    const container = await running();
    const stdin = new PassThrough();
    const streams = outputStreams({ stdin, detachKeys: [0x10, 0x11] });
    const options = execOptions(container, processRunning(['cat'], true), { streams, stdin: true });

    const exec = fixture().provider.exec(options);
    stdin.write('typed\n');
    await until(() => (streams.stdout.text().includes('typed') ? true : undefined), 'the echo');
    stdin.write(Buffer.from([0x10, 0x11]));

    const report = await exec;
    expect(report).toEqual({ pid: expect.any(Number), detached: true });
    await expect(fixture().provider.processes(fixture().runtime, container.id)).resolves.toContain(
      report.pid,
    );
  });

  it('throws ExecutableNotFound in Podman words for a command that does not exist', async () => {
    const container = await running();

    const error = await fixture()
      .provider.exec(
        execOptions(container, processRunning(['no-such-command']), { streams: outputStreams() }),
      )
      .catch((e: unknown) => e as Error);

    expect(error).toBeInstanceOf(ExecutableNotFound);
    expect(error.message).toBe(
      'runc: exec failed: unable to start container process: ' +
        'exec: "no-such-command": executable file not found in $PATH: ' +
        'OCI runtime attempted to invoke a command that was not found',
    );
  });
});

describe('exec detached', { timeout: 20_000 }, () => {
  it('returns the pid of a process that keeps running in the container', async () => {
    const container = await running();
    const marker = `/exec-ran-${Math.random().toString(16).slice(2)}`;
    const script = `touch ${marker}; exec sleep 30`;

    const report = await fixture().provider.exec(
      execOptions(container, processRunning(['sh', '-c', script])),
    );

    expect(report).toMatchObject({ detached: true });
    await until(() => (existsSync(join(fixture().rootfs, marker)) ? true : undefined), 'the exec');
    await expect(fixture().provider.processes(fixture().runtime, container.id)).resolves.toContain(
      report.pid,
    );
  });

  it('throws ExecutableNotFound for a command that does not exist', async () => {
    const container = await running();

    await expect(
      fixture().provider.exec(execOptions(container, processRunning(['no-such-command']))),
    ).rejects.toThrow(ExecutableNotFound);
  });
});
