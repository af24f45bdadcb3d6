import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { mountsUnder } from './scratch-store.js';

const execFileAsync = promisify(execFile);

/** hasPodman says whether the reference engine is installed; tests that need it skip if not. */
export const hasPodman = ['/usr/bin/podman', '/usr/local/bin/podman'].some(existsSync);

/**
 * PodmanStore runs podman against its own root, runroot and tmpdir under `base`, never the
 * host's image store, with vfs so that nothing stays mounted. Podman's default tmpdir,
 * /run/libpod, is shared by every podman on the machine; another one resetting it makes a
 * concurrent command fail with `creating runtime status file`.
 */
export class PodmanStore {
  readonly root: string;
  readonly runroot: string;
  readonly tmpdir: string;

  constructor(readonly base: string) {
    this.root = join(base, 'podman-root');
    this.runroot = join(base, 'podman-runroot');
    this.tmpdir = join(base, 'podman-tmp');
  }

  /** run runs one podman command and returns its standard output. */
  async run(args: readonly string[]): Promise<string> {
    await mkdir(this.root, { recursive: true });
    const global = [
      ...['--root', this.root, '--runroot', this.runroot, '--tmpdir', this.tmpdir],
      ...['--storage-driver', 'vfs'],
    ];
    const { stdout } = await execFileAsync('podman', [...global, ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  }

  /** destroy removes podman's images, anything left mounted, and both directories. */
  async destroy(): Promise<void> {
    if (existsSync(this.root)) await this.run(['rmi', '-af']).catch(() => undefined);
    for (const mountPoint of await mountsUnder(this.base)) {
      await execFileAsync('umount', ['-l', mountPoint]).catch(() => undefined);
    }
    await rm(this.root, { recursive: true, force: true });
    await rm(this.runroot, { recursive: true, force: true });
    await rm(this.tmpdir, { recursive: true, force: true });
  }
}
