import { execFile, spawn } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';

import { UserNamespaceError } from '@skiff/contracts';
import createDebug from 'debug';

import { mappingArguments, namespaceMapping } from './namespace-mapping.js';
import { subordinateRanges } from './subordinate-ids.js';
import { findUidmapTool } from './uidmap-tools.js';

const debug = createDebug('skiff:core:rootless');
const execFileAsync = promisify(execFile);

/** How long the new process may take to be inside its namespace. */
const UNSHARE_TIMEOUT_MS = 5000;

/** PauseProcess is the process that keeps a rootless user's namespaces alive between commands. */
export interface PauseProcess {
  pid: number;
  /** `/proc/PID/ns/user` and `/proc/PID/ns/mnt` when it was started, which tell it from a reuse. */
  userNamespace: string;
  mountNamespace: string;
}

/** PauseOwner is the user the namespace is for, by their ids outside it. */
export interface PauseOwner {
  uid: number;
  gid: number;
  env: NodeJS.ProcessEnv;
}

/**
 * startPauseProcess creates the user's namespaces: a `sleep` in a new user and mount namespace
 * (mounts made inside stay inside, and host mounts still propagate in), mapped from the user's
 * subordinate ranges by newuidmap and newgidmap. A failure leaves no process behind.
 */
export async function startPauseProcess(owner: PauseOwner): Promise<PauseProcess> {
  const name = userInfo().username;
  const who = { name, id: owner.uid };
  const uidRanges = subordinateRanges('/etc/subuid', who);
  const gidRanges = subordinateRanges('/etc/subgid', who);
  const newuidmap = findUidmapTool('newuidmap', owner.env);
  const newgidmap = findUidmapTool('newgidmap', owner.env);

  const pid = await unshareSleep();
  try {
    await writeMap(newuidmap, mappingArguments(pid, namespaceMapping(owner.uid, uidRanges)));
    await writeMap(newgidmap, mappingArguments(pid, namespaceMapping(owner.gid, gidRanges)));
  } catch (error) {
    stopPauseProcess(pid);
    throw error;
  }

  debug('user namespace held by pid %d for %s', pid, name);
  return { pid, ...namespacesOf(pid)! };
}

/** pauseIsAlive tells whether `pause` still holds the namespaces it was started with. */
export function pauseIsAlive(pause: PauseProcess): boolean {
  const now = namespacesOf(pause.pid);
  return (
    now !== undefined &&
    now.userNamespace === pause.userNamespace &&
    now.mountNamespace === pause.mountNamespace
  );
}

/** stopPauseProcess kills a pause process; the namespaces live on while containers use them. */
export function stopPauseProcess(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function unshareSleep(): Promise<number> {
  const args = ['--user', '--mount', '--propagation', 'slave', '--', 'sleep', 'infinity'];
  const child = spawn('unshare', args, {
    detached: true,
    cwd: '/',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const own = readlinkSync('/proc/self/ns/user');
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearInterval(poll);
      if (child.pid !== undefined) stopPauseProcess(child.pid);
      reject(new UserNamespaceError(`creating the rootless user namespace: ${reason}`));
    };
    const started = Date.now();
    const poll = setInterval(() => {
      if (child.pid === undefined) return;
      const user = namespacesOf(child.pid)?.userNamespace;
      if (user !== undefined && user !== own) {
        clearInterval(poll);
        child.removeAllListeners();
        child.stderr.destroy();
        child.unref();
        resolve(child.pid);
      } else if (Date.now() - started > UNSHARE_TIMEOUT_MS) {
        fail('unshare did not enter a new user namespace in time');
      }
    }, 2);
    child.once('error', (error) => fail(`running unshare: ${error.message}`));
    child.once('exit', () => fail(stderr.trim().split('\n')[0] || 'unshare exited'));
  });
}

async function writeMap(tool: string, args: string[]): Promise<void> {
  debug('%s %s', tool, args.join(' '));
  try {
    await execFileAsync(tool, args, { encoding: 'utf8' });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n')[0];
    throw new UserNamespaceError(
      `${tool} ${args.join(' ')}: ${stderr || (error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

function namespacesOf(pid: number) {
  try {
    return {
      userNamespace: readlinkSync(`/proc/${pid}/ns/user`),
      mountNamespace: readlinkSync(`/proc/${pid}/ns/mnt`),
    };
  } catch {
    return undefined;
  }
}
