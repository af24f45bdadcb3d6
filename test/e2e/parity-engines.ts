import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { busyboxTarball, type CommandResult, mountsUnder, Store } from './harness.js';

/** PODMAN_INSTALLED says whether a `podman` binary answers on this host. */
export const PODMAN_INSTALLED = spawnSync('podman', ['--version']).status === 0;

/** The image and the containers every engine holds, made the same way in each. */
export const IMAGE = 'localhost/busybox';
export const CONTAINERS = ['c1', 'c2'] as const;
export const VOLUME = 'v1';

/**
 * Podman's default limits exceed this host's hard ones, and its containers need no network;
 * Skiff has no network to configure, so only Podman's `run` and `create` get these.
 */
const PODMAN_CONTAINER_FLAGS = [
  ...['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'],
  ...['--network', 'none'],
];

/**
 * Engine is one container engine with storage of its own, seeded with the same image,
 * containers and volume as every other: `c1` created, `c2` run to completion.
 */
export interface Engine {
  readonly name: 'skiff' | 'podman';
  /** run executes one command line against this engine's storage and waits for it. */
  run(args: string[]): CommandResult;
  /** normalize rewrites what only this engine says (its name, its ids) to neutral words. */
  normalize(text: string): string;
  destroy(): void;
}

/** EngineBase seeds a fresh store and knows the ids it created there. */
abstract class EngineBase implements Engine {
  abstract readonly name: 'skiff' | 'podman';
  private readonly ids = new Map<string, string>();

  abstract run(args: string[]): CommandResult;
  abstract destroy(): void;

  /** seed imports the image and makes the containers and volume, failing loudly if one fails. */
  seed(): this {
    this.ids.set('image', this.must(['import', busyboxTarball(), IMAGE]).replace('sha256:', ''));
    this.must(['create', '--name', 'c1', IMAGE, 'true']);
    this.must(['run', '--name', 'c2', IMAGE, 'true']);
    for (const name of CONTAINERS) this.ids.set(name, this.idOf(name));
    this.must(['volume', 'create', VOLUME]);
    return this;
  }

  normalize(text: string): string {
    let out = text.replaceAll(this.name, 'ENGINE');
    for (const [name, id] of this.ids) {
      out = out.replaceAll(id, `<${name}-id>`).replaceAll(id.slice(0, 12), `<${name}-id>`);
    }
    return out;
  }

  private idOf(name: string): string {
    // JSON rather than a template: Skiff's inspect takes only `--format json` for now.
    const [inspected] = JSON.parse(this.must(['inspect', name], false)) as { Id: string }[];
    return inspected!.Id;
  }

  /** must runs a command that has to work and returns its output, or only its last line. */
  private must(args: string[], lastLine = true): string {
    const result = this.run(args);
    if (result.code !== 0) {
      throw new Error(`${this.name} ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
    }
    return lastLine ? (result.stdout.trim().split('\n').pop() ?? '') : result.stdout;
  }
}

/** SkiffEngine runs the built CLI through the harness's isolated Store. */
class SkiffEngine extends EngineBase {
  readonly name = 'skiff';
  private readonly store = new Store();

  run(args: string[]): CommandResult {
    return this.store.skiff(args);
  }

  destroy(): void {
    this.store.destroy();
  }
}

/** PodmanEngine runs the host's podman against a temp root, runroot and tmpdir of its own. */
class PodmanEngine extends EngineBase {
  readonly name = 'podman';
  // Podman refuses a runroot longer than 50 characters, so this stays directly under /tmp.
  private readonly dir = mkdtempSync('/tmp/skiff-pp-');

  run(args: string[]): CommandResult {
    const global = [
      ...['--root', join(this.dir, 'root'), '--runroot', join(this.dir, 'run')],
      ...['--tmpdir', join(this.dir, 'tmp'), '--runtime', 'runc'],
    ];
    const result = spawnSync('podman', [...global, ...withContainerFlags(args)], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  destroy(): void {
    this.run(['rm', '-af', '-t', '0']);
    for (const point of mountsUnder(this.dir)) spawnSync('umount', ['-l', point]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function withContainerFlags(args: string[]): string[] {
  if (args[0] !== 'run' && args[0] !== 'create') return args;
  return [args[0], ...PODMAN_CONTAINER_FLAGS, ...args.slice(1)];
}

/** startEngines makes and seeds a Skiff and a Podman engine, each with separate storage. */
export function startEngines(): { skiff: Engine; podman: Engine } {
  const skiff = new SkiffEngine();
  const podman = new PodmanEngine();
  try {
    return { skiff: skiff.seed(), podman: podman.seed() };
  } catch (error) {
    skiff.destroy();
    podman.destroy();
    throw error;
  }
}
