import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { busyboxTarball, mountsUnder, Store } from './harness.js';

let store: Store;

beforeAll(() => {
  store = new Store();
  store.importBusybox();
});

afterAll(() => store.destroy());

describe('storage and runtime choice', () => {
  it('mounts the container file system with overlay while it runs, and unmounts it after', () => {
    const result = store.skiff([
      'run',
      '--rm',
      'localhost/busybox',
      'sh',
      '-c',
      'grep " / " /proc/mounts',
    ]);
    expect(result.stdout).toMatch(/^overlay \/ overlay /);
    expect(mountsUnder(store.dir)).toEqual([]);
  });

  it('mounts a --rm container volatile, as Podman does, and a kept one durable', () => {
    const rootMount = 'grep " / " /proc/mounts';
    const removed = store.skiff(['run', '--rm', 'localhost/busybox', 'sh', '-c', rootMount]);
    const kept = store.skiff([
      'run',
      '--name',
      'durable',
      'localhost/busybox',
      'sh',
      '-c',
      rootMount,
    ]);

    expect(removed.stdout).toMatch(/^overlay \/ overlay \S*\bvolatile\b/);
    expect(kept.stdout).toMatch(/^overlay \/ overlay /);
    expect(kept.stdout).not.toContain('volatile');
    expect(store.skiff(['rm', 'durable']).code).toBe(0);
  });

  it('copies the layers instead with --storage-driver vfs', () => {
    const vfs = store.skiff([
      '--storage-driver',
      'vfs',
      'run',
      '--name',
      'copied',
      'localhost/busybox',
      'sh',
      '-c',
      'echo data > /file; grep " / " /proc/mounts',
    ]);
    expect(vfs.code).toBe(0);
    expect(vfs.stdout).not.toMatch(/^overlay /);
    expect(store.skiff(['start', '-a', 'copied']).code).toBe(0);
    expect(store.skiff(['rm', 'copied']).code).toBe(0);
  });

  it('takes graphroot, runroot and driver from the file CONTAINERS_STORAGE_CONF names', () => {
    const conf = join(store.dir, 'storage.conf');
    const graphroot = join(store.dir, 'graph');
    const runroot = join(store.dir, 'graph-run');
    writeFileSync(
      conf,
      `[storage]\ndriver = "vfs"\ngraphroot = "${graphroot}"\nrunroot = "${runroot}"\n`,
    );
    const skiff = (args: string[]) => store.skiffUnscoped(args, { CONTAINERS_STORAGE_CONF: conf });

    expect(skiff(['import', busyboxTarball(), 'localhost/elsewhere']).code).toBe(0);
    expect(skiff(['run', '--rm', 'localhost/elsewhere', 'echo', 'stored']).stdout).toBe('stored\n');
    expect(existsSync(join(graphroot, 'skiff.db'))).toBe(true);
    expect(existsSync(join(graphroot, 'containers'))).toBe(true);
    expect(skiff(['images']).stdout).toContain('localhost/elsewhere');
    expect(store.skiff(['images']).stdout).not.toContain('localhost/elsewhere');
  });

  it('runs the runtime binary given by path and records it', () => {
    const id = store
      .skiff(['--runtime', '/usr/sbin/runc', 'create', 'localhost/busybox', 'true'])
      .stdout.trim();
    expect(store.skiff(['start', '-a', id]).code).toBe(0);
    const [inspect] = JSON.parse(store.skiff(['inspect', id]).stdout);
    expect(inspect.OCIRuntime).toBe('/usr/sbin/runc');
    store.skiff(['rm', id]);
  });
});
