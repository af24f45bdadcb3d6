import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { logger } from '../logger.js';
import { runCommand } from '../rootfs/run-command.js';
import type { Whiteouts } from './whiteout-set.js';

const log = logger('layers');

/** Paths per spawned command, well below the kernel's limit on argument lists. */
const BATCH = 256;
/** One shell for many nodes: mknod(1) takes a single name, and spawning from Node is dear. */
const MKNOD_LOOP = 'for p do mknod "$p" c 0 0 || exit 1; done';

/**
 * writeWhiteouts turns a layer's recorded whiteouts into overlay's on-disk form inside the
 * extracted layer `dir`: a 0/0 character device per deleted path, and the `opaqueXattr`
 * extended attribute (trusted.* for root's stores, user.* for rootless ones) on directories
 * that hide their lower content. Making device nodes takes root, or root in the user's
 * namespace; elsewhere the layer keeps them in its metadata alone, which is all vfs needs.
 */
export async function writeWhiteouts(
  dir: string,
  whiteouts: Whiteouts,
  opaqueXattr: string,
): Promise<void> {
  if (process.getuid?.() !== 0) {
    log('not root: whiteouts of %s stay in its metadata only', dir);
    return;
  }

  const files = whiteouts.files.map((path) => join(dir, path));
  const opaque = whiteouts.opaque.map((path) => join(dir, path));
  for (const path of files) await prepare(path);
  for (const path of opaque) await mkdir(path, { recursive: true, mode: 0o755 });

  for (const batch of batches(files)) {
    await runCommand('sh', ['-c', MKNOD_LOOP, 'mknod', ...batch]);
  }
  for (const batch of batches(opaque)) {
    // -h: never follow a symbolic link; the entry guard has kept links out of these paths.
    await runCommand('setfattr', ['-h', '-n', opaqueXattr, '-v', 'y', ...batch]);
  }
}

async function prepare(path: string): Promise<void> {
  // An earlier entry of the same layer may have put something there; the whiteout wins.
  await rm(path, { recursive: true, force: true });
  await mkdir(join(path, '..'), { recursive: true, mode: 0o755 });
}

function batches(paths: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let start = 0; start < paths.length; start += BATCH) {
    out.push(paths.slice(start, start + BATCH));
  }
  return out;
}
