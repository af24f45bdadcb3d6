import 'reflect-metadata';

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

import {
  StorageError,
  type AttachStreams,
  type OciSpec,
  type TerminalSize,
} from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { CapturedStream } from './testing/captured-stream.js';
import { useContainerFixture, type TestContainer } from './testing/container-fixture.js';
import { until } from './testing/until.js';

const fixture = useContainerFixture();

/** Podman's default detach sequence, ctrl-p then ctrl-q. */
const CTRL_P_CTRL_Q = [0x10, 0x11];

interface CallerStreams {
  stdin: PassThrough;
  stdout: CapturedStream;
  stderr: CapturedStream;
}

function callerStreams(extra: Partial<AttachStreams> = {}): CallerStreams & AttachStreams {
  const stdin = new PassThrough();
  return {
    stdin,
    stdout: new CapturedStream(),
    stderr: new CapturedStream(),
    detachKeys: [],
    ...extra,
  };
}

/** started creates a container with the given stdio, attaches `streams` and starts it. */
async function started(
  container: TestContainer,
  streams: AttachStreams,
  stdio: { stdin?: boolean; terminal?: boolean },
) {
  const options = fixture().createOptions(container, { stdin: true, ...stdio });
  await fixture().provider.create(options);
  const session = await fixture().attach(container.bundle, streams);
  await fixture().provider.start(fixture().runtime, container.id);
  return session;
}

function exitCodeOf(container: TestContainer): Promise<number> {
  return until(() => fixture().provider.exitCode(container.exitDir, container.id), 'the exit code');
}

function outputContains(stream: CapturedStream, text: string): Promise<string> {
  return until(() => (stream.text().includes(text) ? stream.text() : undefined), `"${text}"`);
}

/** ResizableTerminal stands for the caller's terminal, whose size a test changes. */
class ResizableTerminal {
  readonly listeners: (() => void)[] = [];

  constructor(private current: TerminalSize) {}

  size(): TerminalSize {
    return this.current;
  }

  onResize(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  resize(size: TerminalSize): void {
    this.current = size;
    for (const listener of this.listeners) listener();
  }
}

async function stateOf(container: TestContainer): Promise<string | undefined> {
  return (await fixture().provider.state(fixture().runtime, container.id))?.status;
}

function withTerminal(spec: OciSpec): void {
  spec.process.terminal = true;
}

describe('attaching to a container with stdin', { timeout: 20_000 }, () => {
  it('passes what is written to the attach stream to the container', async () => {
    const container = await fixture().container(['sh', '-c', 'read line; echo "got $line"']);
    const streams = callerStreams();

    const session = await started(container, streams, {});
    streams.stdin.write('hello\n');

    await expect(session.done).resolves.toEqual({ detached: false });
    expect(streams.stdout.text()).toBe('got hello\n');
    await expect(exitCodeOf(container)).resolves.toBe(0);
  });

  it('gives the container EOF when the caller ends stdin, and keeps relaying its output', async () => {
    const container = await fixture().container(['sh', '-c', 'cat; echo after-eof']);
    const streams = callerStreams();

    const session = await started(container, streams, {});
    streams.stdin.end('first\nsecond\n');

    await session.done;
    expect(streams.stdout.text()).toBe('first\nsecond\nafter-eof\n');
    await expect(exitCodeOf(container)).resolves.toBe(0);
  });

  it('closes the stdin of a container without a terminal when the client detaches, as Podman does', async () => {
    const marker = `/stdin-closed-${Math.random().toString(16).slice(2)}`;
    const container = await fixture().container([
      'sh',
      '-c',
      `cat; touch ${marker}; exec sleep 30`,
    ]);
    const streams = callerStreams({ detachKeys: CTRL_P_CTRL_Q });
    const session = await started(container, streams, {});

    streams.stdin.write(Buffer.from(CTRL_P_CTRL_Q));

    await expect(session.done).resolves.toEqual({ detached: true });
    await until(() => (existsSync(join(fixture().rootfs, marker)) ? true : undefined), 'EOF');
    await expect(stateOf(container)).resolves.toBe('running');
  });
});

describe('attaching to a container', { timeout: 20_000 }, () => {
  it('relays large output completely and in order', async () => {
    const container = await fixture().container(['seq', '1', '100000']);
    const streams = callerStreams();

    const session = await started(container, streams, { stdin: false });

    await session.done;
    const lines = streams.stdout.text().split('\n');
    expect(lines).toHaveLength(100_001);
    expect(lines.slice(0, -1).every((line, i) => line === String(i + 1))).toBe(true);
  });

  it('ends the attach on close and leaves the container running', async () => {
    const container = await fixture().container(['sleep', '30']);
    const session = await started(container, callerStreams(), { stdin: false });

    session.close();

    await expect(session.done).resolves.toEqual({ detached: false });
    await expect(stateOf(container)).resolves.toBe('running');
  });

  it('fails with StorageError where no monitor listens', async () => {
    const streams = callerStreams();

    await expect(fixture().provider.attach(fixture().dir, streams)).rejects.toThrow(
      new StorageError(`connecting to attach socket in ${fixture().dir}`),
    );
  });
});

describe('attaching to a container with a terminal', { timeout: 20_000 }, () => {
  it('delivers all output on stdout from a /dev/pts device', async () => {
    const container = await fixture().container(['sh', '-c', 'tty; echo to-err >&2'], withTerminal);
    const streams = callerStreams();

    const session = await started(container, streams, { terminal: true, stdin: false });

    await session.done;
    expect(streams.stdout.text()).toMatch(/^\/dev\/pts\/\d+\r\nto-err\r\n$/);
    expect(streams.stderr.text()).toBe('');
  });

  it("sizes the container's terminal like the caller's and follows its changes", async () => {
    const awaitSize = 'until [ "$(stty size)" = "$1" ]; do sleep 0.02; done; echo "$1"';
    const script = `${awaitSize}; shift; ${awaitSize}`;
    const args = ['sh', '-c', script, 'sh', '30 100', '40 120'];
    const container = await fixture().container(args, withTerminal);
    const terminal = new ResizableTerminal({ rows: 30, columns: 100 });
    const streams = callerStreams({ terminal });

    const session = await started(container, streams, { terminal: true });
    await outputContains(streams.stdout, '30 100\r\n');
    terminal.resize({ rows: 40, columns: 120 });

    await session.done;
    expect(streams.stdout.text()).toBe('30 100\r\n40 120\r\n');
    expect(terminal.listeners).toEqual([]);
  });

  it('detaches on the detach keys, split across writes, and leaves the container running', async () => {
    const container = await fixture().container(['cat'], withTerminal);
    const streams = callerStreams({ detachKeys: CTRL_P_CTRL_Q });
    const session = await started(container, streams, { terminal: true });
    streams.stdin.write('before\n');
    await outputContains(streams.stdout, 'before\r\n');

    streams.stdin.write(Buffer.from([0x10]));
    streams.stdin.write(Buffer.from([0x11]));

    await expect(session.done).resolves.toEqual({ detached: true });
    await expect(stateOf(container)).resolves.toBe('running');
    await expect(fixture().provider.exitCode(container.exitDir, container.id)).resolves.toBe(
      undefined,
    );
  });

  it('lets a client attach and type again after another one detached', async () => {
    const container = await fixture().container(['cat'], withTerminal);
    const first = callerStreams({ detachKeys: CTRL_P_CTRL_Q });
    const session = await started(container, first, { terminal: true });
    first.stdin.write(Buffer.from(CTRL_P_CTRL_Q));
    await session.done;

    const second = callerStreams();
    await fixture().attach(container.bundle, second);
    second.stdin.write('again\n');

    await expect(outputContains(second.stdout, 'again\r\n')).resolves.toContain('again');
  });
});
