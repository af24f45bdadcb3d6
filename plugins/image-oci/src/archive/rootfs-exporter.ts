import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir } from 'node:fs/promises';

import { StorageError } from '@skiff/contracts';
import type { RootfsOptions } from '@skiff/contracts';

import { logger } from '../logger.js';
import { isMounted } from '../rootfs/mount-table.js';
import type { RootfsManager } from '../rootfs/rootfs-manager.js';
import type { StoreLayout } from '../storage/store-layout.js';
import { OutputSink } from './output-sink.js';

const log = logger('archive');

/** GNU tar's status for "some file changed as we read it": the archive is still whole. */
const TAR_FILE_CHANGED = 1;
const TAR_ARGS = [
  '--create',
  '--file=-',
  '--numeric-owner',
  '--sparse',
  '--xattrs',
  '--xattrs-include=security.capability',
  '--xattrs-include=user.*',
  '--null',
  '--files-from=-',
];

/** ExportOptions names a container's file system and where its tarball goes. */
export type ExportOptions = RootfsOptions & { output: NodeJS.WritableStream };

/**
 * RootfsExporter writes a container's merged file system as a plain tar, as `podman export`
 * does: names relative to the root without a `./` entry, numeric owners, no whiteouts (the
 * merged view has none). GNU tar does the walking: it keeps device nodes, sparse files, hard
 * links and file capabilities, which node-tar's packer does not.
 */
export class RootfsExporter {
  constructor(
    private readonly layout: StoreLayout,
    private readonly rootfs: RootfsManager,
  ) {}

  // TODO: write the container's own ids for a file system shifted by RootfsOptions.idMappings,
  // as Podman's export does; the tar now holds the shifted ids, and GNU tar's --owner-map maps
  // single ids rather than ranges, so this needs a map of every id in use or a packer of ours.

  /** export mounts the file system if needed, streams it, and unmounts what it mounted. */
  async export(options: ExportOptions): Promise<void> {
    const dirs = this.layout.container(options.containerId);
    const wasMounted = await isMounted(dirs.merged);
    const { path, driver } = await this.rootfs.mount(options);

    try {
      await packDirectory(path, options.output);
    } finally {
      if (driver === 'overlay' && !wasMounted) await this.rootfs.unmount(options.containerId);
    }
    log('exported the file system of %s', options.containerId);
  }
}

async function packDirectory(dir: string, output: NodeJS.WritableStream): Promise<void> {
  const names = (await readdir(dir)).sort();
  const child = spawn('tar', ['--directory', dir, ...TAR_ARGS], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Settled at once: a tar that cannot start must not be an unhandled rejection meanwhile.
  const exited = once(child, 'close').then(
    ([code]: unknown[]) => ({ code: code as number | null, error: undefined }),
    (error: Error) => ({ code: null, error }),
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(names.map((name) => `${name}\0`).join(''));

  const sink = new OutputSink(output);
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) await sink.write(chunk);
  } catch (error) {
    child.kill();
    throw error;
  } finally {
    sink.release();
  }

  const { code, error } = await exited;
  if (code === 0) return;
  if (code === TAR_FILE_CHANGED) {
    log('tar: %s', stderr.trim());
    return;
  }
  const detail = stderr.trim() || error?.message || `exit status ${code}`;
  throw new StorageError(`tar failed on ${dir}: ${detail}`, { cause: error });
}
