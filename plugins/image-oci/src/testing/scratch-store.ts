import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';

import type { EngineEnvironment } from '@skiff/contracts';

const execFileAsync = promisify(execFile);

/** ScratchStore is a throw-away engine root and runroot for one test. */
export interface ScratchStore {
  base: string;
  env: EngineEnvironment;
}

/** makeScratchStore creates a fresh root and runroot under the system's temporary directory. */
export async function makeScratchStore(storageDriver?: string): Promise<ScratchStore> {
  const base = await mkdtemp(join(tmpdir(), 'skiff-image-oci-'));
  const env: EngineEnvironment = {
    root: join(base, 'root'),
    runroot: join(base, 'runroot'),
    rootless: false,
    storageDriver,
    ociRuntime: { name: 'runc', paths: [] },
  };
  return { base, env };
}

/**
 * destroyScratchStore unmounts whatever a test left mounted under the store, then deletes
 * it: a test that fails half way must not leave mounts behind.
 */
export async function destroyScratchStore(store: ScratchStore): Promise<void> {
  for (const mountPoint of await mountsUnder(store.base)) {
    await execFileAsync('umount', [mountPoint]).catch(() =>
      execFileAsync('umount', ['-l', mountPoint]),
    );
  }
  await rm(store.base, { recursive: true, force: true });
}

/** mountsUnder lists mount points below `dir`, deepest first. */
export async function mountsUnder(dir: string): Promise<string[]> {
  const table = await readFile('/proc/self/mountinfo', 'utf8');
  return table
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((mountPoint) => mountPoint.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

/** streamOf wraps bytes as the readable stream an import reads. */
export function streamOf(bytes: Buffer, chunkSize = 7000): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    chunks.push(bytes.subarray(offset, offset + chunkSize));
  }
  return Readable.from(chunks);
}
