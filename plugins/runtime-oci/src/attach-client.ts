import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

import {
  StorageError,
  type AttachReport,
  type AttachSession,
  type AttachStreams,
} from '@skiff/contracts';
import createDebug from 'debug';
import type { SeqpacketSocket } from 'node-unix-socket/js/seqpacket';

import { DetachKeyScanner } from './detach-key-scanner.js';

const debug = createDebug('skiff:runtime-oci:attach');

/** conmon marks each packet on its attach socket with the stream it came from. */
const STDOUT_STREAM = 2;
const STDERR_STREAM = 3;

/** The control FIFO message that resizes the container's terminal: `1 <rows> <columns>`. */
const RESIZE_EVENT = 1;

/**
 * attachTo connects to the attach socket conmon keeps in `dir` (a container's bundle or an exec
 * session's directory) and relays the caller's streams until the container's output ends or
 * the detach keys are typed.
 *
 * The socket is SOCK_SEQPACKET, which Node's `net` cannot open, hence the native addon. Its
 * path is reached through `/proc/self/fd` because a bundle path can exceed the 108 bytes a
 * socket address holds.
 */
export async function attachTo(dir: string, streams: AttachStreams): Promise<AttachSession> {
  const socket = await connect(dir);
  return new Attachment(socket, dir, streams);
}

async function connect(dir: string): Promise<SeqpacketSocket> {
  // The seqpacket module alone: the package's index also loads its datagram half, which
  // costs each attach a dozen milliseconds for nothing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const addon = require('node-unix-socket/js/seqpacket.js') as {
    SeqpacketSocket: typeof SeqpacketSocket;
  };
  const dirFd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    const socket = new addon.SeqpacketSocket();
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      try {
        socket.connect(`/proc/self/fd/${dirFd}/attach`, () => {
          socket.off('error', reject);
          resolve();
        });
      } catch (error) {
        reject(error as Error);
      }
    });
    return socket;
  } catch (error) {
    throw new StorageError(`connecting to attach socket in ${dir}`, { cause: error });
  } finally {
    closeSync(dirFd);
  }
}

class Attachment implements AttachSession {
  readonly done: Promise<AttachReport>;
  private finish!: (report: AttachReport) => void;
  private readonly cleanups: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly socket: SeqpacketSocket,
    private readonly dir: string,
    private readonly streams: AttachStreams,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
    socket.on('data', (packet: Buffer) => this.output(packet));
    socket.on('end', () => this.end({ detached: false }));
    socket.on('error', (error: Error) => {
      debug('attach socket failed: %s', error.message);
      this.end({ detached: false });
    });
    this.relayInput();
    this.relayResizes();
  }

  close(): void {
    this.end({ detached: false });
  }

  private output(packet: Buffer): void {
    const payload = packet.subarray(1);
    if (packet[0] === STDOUT_STREAM) this.streams.stdout.write(payload);
    else if (packet[0] === STDERR_STREAM) this.streams.stderr.write(payload);
  }

  private relayInput(): void {
    const stdin = this.streams.stdin;
    if (!stdin) return;

    const scanner = new DetachKeyScanner(this.streams.detachKeys);
    const onData = (chunk: Buffer) => {
      const { forward, detached } = scanner.scan(chunk);
      if (forward.length > 0 && !this.closed) this.socket.write(forward);
      if (detached) this.end({ detached: true });
    };
    // The end of the caller's input is passed on, so the container sees EOF on its stdin.
    const onEnd = () => {
      if (!this.closed) this.socket.end();
    };
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    this.cleanups.push(() => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.pause();
    });
  }

  private relayResizes(): void {
    const terminal = this.streams.terminal;
    if (!terminal) return;

    const resize = () => {
      const size = terminal.size();
      if (size) this.control(`${RESIZE_EVENT} ${size.rows} ${size.columns}\n`);
    };
    resize();
    this.cleanups.push(terminal.onResize(resize));
  }

  // conmon reads the control FIFO all the time, so a non-blocking open finds a reader.
  private control(message: string): void {
    try {
      const fd = openSync(join(this.dir, 'ctl'), constants.O_WRONLY | constants.O_NONBLOCK);
      try {
        writeSync(fd, message);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      debug('resizing the terminal failed: %s', (error as Error).message);
    }
  }

  private end(report: AttachReport): void {
    if (this.closed) return;
    this.closed = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.socket.destroy();
    this.finish(report);
  }
}
