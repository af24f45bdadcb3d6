import { spawn } from 'node:child_process';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';

import { UserNamespaceError } from '@skiff/contracts';
import createDebug from 'debug';

import {
  pauseIsAlive,
  startPauseProcess,
  stopPauseProcess,
  type PauseOwner,
  type PauseProcess,
} from './pause-process.js';
import { ROOTLESS_GID_ENV, ROOTLESS_UID_ENV, rootlessIdentity } from './rootless-identity.js';
import { prepareRuntimeDir, rootlessRuntimeDir } from './runtime-dir.js';

const debug = createDebug('skiff:core:rootless');

/** Signals a parent passes on to the command it runs inside the namespace. */
const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/**
 * pauseFile is where the pid and namespaces of a user's pause process are kept. `bin/skiff`
 * reads it to join the namespace without starting Node twice; its line is
 * `PID GID USER_NAMESPACE MOUNT_NAMESPACE`.
 */
export function pauseFile(env: NodeJS.ProcessEnv, uid: number): string {
  return join(rootlessRuntimeDir(env, uid), 'skiff-userns', 'pause.pid');
}

/**
 * ensureUserNamespace returns the pid of the process holding the user's namespace, starting
 * it when there is none. Concurrent first commands agree on one: the file is published with
 * link(2), which fails for all but the first.
 */
export async function ensureUserNamespace(owner: PauseOwner): Promise<number> {
  prepareRuntimeDir(owner.env, owner.uid);
  const file = pauseFile(owner.env, owner.uid);
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });

  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = readPauseFile(file);
    if (existing !== undefined && pauseIsAlive(existing)) return existing.pid;
    if (existing !== undefined) removeStale(file, existing);

    const started = await startPauseProcess(owner);
    if (publish(file, started, owner.gid)) return started.pid;
    debug('another command published its namespace first; using that one');
    stopPauseProcess(started.pid);
  }
  throw new UserNamespaceError(`cannot agree on a rootless user namespace through ${file}`);
}

/**
 * runInUserNamespace runs this same command line again inside the user's namespace, as uid 0
 * there with the marker variables set, and resolves with its exit status. Signals sent to
 * this process are passed on; a terminal's own signals reach both already.
 */
export async function runInUserNamespace(pid: number, argv: readonly string[]): Promise<number> {
  const { uid, gid } = rootlessIdentity();
  const env = { ...process.env, [ROOTLESS_UID_ENV]: String(uid), [ROOTLESS_GID_ENV]: String(gid) };
  const self = [process.execPath, '--', process.argv[1], ...argv];
  const args = ['--user', '--mount', `--target=${pid}`, `--wd=${process.cwd()}`, '--', ...self];

  const child = spawn('nsenter', args, { stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of FORWARDED) process.on(signal, forward);
  process.on('SIGINT', () => undefined);

  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
    (resolve, reject) => {
      child.once('error', (error) =>
        reject(new UserNamespaceError(`running nsenter: ${error.message}`)),
      );
      child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
    },
  );
  for (const s of FORWARDED) process.off(s, forward);
  if (signal !== null) return 128 + constants.signals[signal];
  return code ?? 125;
}

function readPauseFile(file: string): PauseProcess | undefined {
  let line: string;
  try {
    line = readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
  const [pid, , userNamespace, mountNamespace] = line.split(' ');
  if (!/^\d+$/.test(pid ?? '') || !userNamespace || !mountNamespace) return undefined;
  return { pid: Number(pid), userNamespace, mountNamespace };
}

function publish(file: string, pause: PauseProcess, gid: number): boolean {
  const temporary = `${file}.${process.pid}`;
  writeFileSync(temporary, `${pause.pid} ${gid} ${pause.userNamespace} ${pause.mountNamespace}\n`, {
    mode: 0o600,
  });
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new UserNamespaceError(`publishing ${file}`, { cause: error });
  } finally {
    unlinkSync(temporary);
  }
}

// Only the file this command read is removed: a fresh one published meanwhile has other
// contents, and is left for the next attempt to read.
function removeStale(file: string, stale: PauseProcess): void {
  const now = readPauseFile(file);
  if (now?.pid !== stale.pid || now.userNamespace !== stale.userNamespace) return;
  debug('pause process %d is gone; starting another', stale.pid);
  try {
    unlinkSync(file);
  } catch {
    // removed by another command
  }
}

/**
 * enterUserNamespace runs the command line `argv` inside the calling user's namespace,
 * creating it first when needed, and resolves with the command's exit status.
 */
export async function enterUserNamespace(argv: readonly string[]): Promise<number> {
  const { uid, gid } = rootlessIdentity();
  const pid = await ensureUserNamespace({ uid, gid, env: process.env });
  return runInUserNamespace(pid, argv);
}
