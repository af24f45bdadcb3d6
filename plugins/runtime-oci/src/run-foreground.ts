import { spawn } from 'node:child_process';

import { exitStatus } from './exit-status.js';
import type { RuntimeLog } from './runtime-log.js';
import { SignalForwarder } from './signal-forwarder.js';

const NEWLINE = 0x0a;

/**
 * runForeground runs an OCI runtime command that keeps the container attached (`runc run`) and
 * resolves with its exit status, `128 + signo` when the runtime itself was killed by a signal.
 *
 * The container shares the runtime's stdio. Stdin (with `interactive`) and stdout are inherited; stderr is relayed
 * through this process because runc 1.1 prints its own fatal error there even when `--log` is
 * given, and the caller reports that error once, in Podman's words, from the log.
 */
export async function runForeground(
  path: string,
  args: string[],
  log: RuntimeLog,
  interactive: boolean,
): Promise<number> {
  // A session of its own keeps the terminal's Ctrl-C from reaching runc directly: the
  // container must receive each signal once, through the forwarder, as with Podman's sig-proxy.
  // Without -i a container reads /dev/null, as with Podman, not whatever the caller's stdin is.
  const stdin = interactive ? 'inherit' : 'ignore';
  const child = spawn(path, args, { stdio: [stdin, 'inherit', 'pipe'], detached: true });
  const forwarder = new SignalForwarder(child);
  forwarder.attach();

  child.stderr?.on('data', (chunk: Buffer) => relay(chunk, log));
  try {
    return await exitStatus(child);
  } finally {
    forwarder.detach();
  }
}

function relay(chunk: Buffer, log: RuntimeLog): void {
  const kept = withoutRuntimeFailure(chunk, log);
  if (kept.length > 0) {
    process.stderr.write(kept);
  }
}

/**
 * runc appends its failure to the JSON log before writing the same text to stderr, so when a
 * chunk ends with the latest logged failure, that tail is runc's and not the container's.
 */
function withoutRuntimeFailure(chunk: Buffer, log: RuntimeLog): Buffer {
  if (chunk.at(-1) !== NEWLINE || !log.grew()) {
    return chunk;
  }

  const failure = log.lastFailure();
  if (failure === undefined) {
    return chunk;
  }

  const line = Buffer.from(`${failure}\n`);
  const tail = chunk.subarray(Math.max(0, chunk.length - line.length));
  return tail.equals(line) ? chunk.subarray(0, chunk.length - line.length) : chunk;
}
