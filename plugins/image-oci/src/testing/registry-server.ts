import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// Not built with the plugin and free of vitest, so that end-to-end tests can use it too.

const execFileAsync = promisify(execFile);

/** REGISTRY_BINARY is Debian's Distribution registry, the one real registry tests use. */
export const REGISTRY_BINARY = '/usr/bin/docker-registry';

const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

/** RegistryServerOptions ask for an htpasswd-protected registry when given a user. */
export interface RegistryServerOptions {
  auth?: { username: string; password: string };
}

/** RegistryServer is a running registry on 127.0.0.1 with its own storage. */
export interface RegistryServer {
  /** `127.0.0.1:<port>`, as an image reference names it. */
  host: string;
  port: number;
  pid: number;
  /** The registry's storage root (`docker/registry/v2/...` lies below it). */
  storage: string;
  /** Where a blob's bytes are stored; tests overwrite it to corrupt a blob. */
  blobPath(digest: string): string;
  /** The registry's log so far, for failure messages. */
  log(): Promise<string>;
  /** Stops the registry by its pid and deletes its directory. */
  stop(): Promise<void>;
}

/** hasRegistryBinary reports whether the registry is installed, so tests can skip without. */
export function hasRegistryBinary(): boolean {
  return existsSync(REGISTRY_BINARY);
}

/**
 * startRegistryServer starts `docker-registry serve` on a free port of 127.0.0.1 in a fresh
 * temporary directory, and resolves once `/v2/` answers. With `auth`, the registry asks for
 * basic auth checked against an htpasswd file made with bcrypt, which is all it accepts.
 */
export async function startRegistryServer(
  options: RegistryServerOptions = {},
): Promise<RegistryServer> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-registry-'));
  const storage = join(dir, 'storage');
  const port = await freePort();
  const config = join(dir, 'config.yml');
  await writeFile(config, await configText(dir, storage, port, options));

  const logFile = join(dir, 'registry.log');
  const child = await launch(config, logFile);
  const server = describe(child, dir, storage, port, logFile);
  try {
    await waitUntilReady(port, child);
  } catch (error) {
    const log = await server.log();
    await server.stop();
    throw new Error(`registry on port ${port} did not start: ${String(error)}\n${log}`);
  }
  return server;
}

async function configText(
  dir: string,
  storage: string,
  port: number,
  options: RegistryServerOptions,
): Promise<string> {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storage}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
  ];
  if (options.auth === undefined) return `${lines.join('\n')}\n`;

  const htpasswd = join(dir, 'htpasswd');
  const { username, password } = options.auth;
  const { stdout } = await execFileAsync('htpasswd', ['-Bbn', username, password]);
  await writeFile(htpasswd, stdout);
  lines.push('auth:', '  htpasswd:', '    realm: skiff-test', `    path: ${htpasswd}`);
  return `${lines.join('\n')}\n`;
}

async function launch(config: string, logFile: string): Promise<ChildProcess> {
  const log = await open(logFile, 'w');
  try {
    const child = spawn(REGISTRY_BINARY, ['serve', config], {
      stdio: ['ignore', log.fd, log.fd],
    });
    await once(child, 'spawn');
    return child;
  } finally {
    await log.close();
  }
}

function describe(
  child: ChildProcess,
  dir: string,
  storage: string,
  port: number,
  logFile: string,
): RegistryServer {
  const blobs = join(storage, 'docker/registry/v2/blobs/sha256');
  return {
    host: `127.0.0.1:${port}`,
    port,
    pid: child.pid ?? 0,
    storage,
    blobPath: (digest) => {
      const hex = digest.replace(/^sha256:/, '');
      return join(blobs, hex.slice(0, 2), hex, 'data');
    },
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    stop: async () => {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;

  const exited = once(child, 'exit');
  process.kill(child.pid ?? 0, 'SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** freePort asks the kernel for a port nobody listens on, then lets it go for the registry. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port was given');
  return address.port;
}

async function waitUntilReady(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`it exited with status ${child.exitCode}`);
    if (await answers(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`/v2/ did not answer within ${READY_TIMEOUT_MS} ms`);
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/v2/', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 || res.statusCode === 401);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
