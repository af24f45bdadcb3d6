import { busyboxTarball, type CommandResult, Store } from './harness.js';
import { PODMAN_INSTALLED, PodmanStore } from './podman-store.js';

export { PODMAN_INSTALLED };

/** The image and the containers every engine holds, made the same way in each. */
export const IMAGE = 'localhost/busybox';
export const CONTAINERS = ['c1', 'c2'] as const;
export const VOLUME = 'v1';

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

/** PodmanEngine runs the host's podman against a store of its own. */
class PodmanEngine extends EngineBase {
  readonly name = 'podman';
  private readonly store = new PodmanStore();

  run(args: string[]): CommandResult {
    return this.store.run(args);
  }

  destroy(): void {
    this.store.destroy();
  }
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
