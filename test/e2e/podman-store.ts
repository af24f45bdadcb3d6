import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { mountsUnder, type CommandResult } from './harness.js';

/** PODMAN_INSTALLED says whether a `podman` binary answers on this host. */
export const PODMAN_INSTALLED = spawnSync('podman', ['--version']).status === 0;

// Podman's default rlimits exceed this host's hard ones, and its containers need no network;
// Skiff has no network to configure, so only Podman's `run` and `create` get these.
const CONTAINER_FLAGS = [
  ...['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'],
  ...['--network', 'none'],
];

/**
 * PodmanStore runs the host's podman against a root, runroot and tmpdir of its own, so that
 * tests compare Skiff with Podman without touching the machine's podman storage.
 */
export class PodmanStore {
  // Podman refuses a runroot longer than 50 characters, so this stays directly under /tmp.
  readonly dir = mkdtempSync('/tmp/skiff-pm-');

  /** run executes one podman command line against this store and waits for it. */
  run = (args: string[]): CommandResult => {
    const global = [
      ...['--root', join(this.dir, 'root'), '--runroot', join(this.dir, 'run')],
      ...['--tmpdir', join(this.dir, 'tmp'), '--runtime', 'runc'],
    ];
    const result = spawnSync('podman', [...global, ...withContainerFlags(args)], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  };

  /** destroy removes the store's containers, mounts and files. */
  destroy(): void {
    this.run(['rm', '-a', '-f', '-t', '0']);
    for (const point of mountsUnder(this.dir)) spawnSync('umount', ['-l', point]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function withContainerFlags(args: string[]): string[] {
  if (args[0] !== 'run' && args[0] !== 'create') return args;
  return [args[0], ...CONTAINER_FLAGS, ...args.slice(1)];
}
