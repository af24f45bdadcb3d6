import type { ContainerCreateOptions, ImageRecord } from '@skiff/contracts';
import { InvalidArgument, SkiffError } from '@skiff/contracts';

import { ContainerCreator } from './container/container-creator.js';
import { inspectContainer } from './container/container-inspector.js';
import { ContainerRemover } from './container/container-remover.js';
import { ContainerRunner, type StartReport } from './container/container-runner.js';
import { reconcileState } from './container/state-reconciler.js';
import { EngineContext, type EngineOptions } from './engine-context.js';
import { ImageArchives, type SaveImagesOptions } from './image/image-archives.js';
import { imageFilter } from './image/image-filters.js';
import { imageHistory, type HistoryEntry } from './image/image-history.js';
import { inspectImage } from './image/image-inspector.js';
import {
  ImageTransfers,
  type LoginOptions,
  type LogoutOptions,
  type PullImageOptions,
  type PulledImage,
  type PushImageOptions,
} from './image/image-transfers.js';
import {
  ImageService,
  type ImportImageOptions,
  type RemoveImageReport,
} from './image/image-service.js';
import type { ActiveProvider } from './plugins/provider-registry.js';
import type { StoredContainer } from './state/container-store.js';

/** ContainerSummary is one row of `skiff ps`. */
export interface ContainerSummary {
  id: string;
  image: string;
  command: string[];
  created: string;
  status: StoredContainer['state'];
  names: string[];
}

/** RunReport is the outcome of `skiff run`. */
export interface RunReport {
  id: string;
  exitCode?: number;
}

/** PULL_POLICIES are `--pull`'s values; `newer` behaves as `missing` (no remote date check). */
const PULL_POLICIES: readonly string[] = ['always', 'missing', 'newer', 'never'];

/** PullOnCreate is `create`/`run --pull`, the pull flags they share with `pull`, and progress. */
export interface PullOnCreate extends Omit<PullImageOptions, 'reference'> {
  policy: string;
}

/** BatchResult is the outcome of one item of a command that takes several names. */
export type BatchResult<T> = { name: string; value: T } | { name: string; error: unknown };

/**
 * Engine is core's facade: the one entry point the CLI calls. Each method is one user-level
 * operation; the engine opens state and loads providers only as that operation needs them.
 */
export class Engine {
  readonly ctx: EngineContext;

  constructor(options: EngineOptions = {}) {
    this.ctx = new EngineContext(options);
  }

  async createContainer(
    options: ContainerCreateOptions,
    pull: PullOnCreate = { policy: 'missing' },
  ): Promise<StoredContainer> {
    const image = await this.imageFor(options.image, pull);
    return new ContainerCreator(this.ctx).create({ ...options, image });
  }

  async startContainer(nameOrId: string, attach: boolean): Promise<StartReport> {
    const container = this.ctx.containers.resolve(nameOrId);
    const report = await new ContainerRunner(this.ctx).start(container, attach);
    if (attach && container.options.autoRemove) await this.removeOne(container, true, true);
    return report;
  }

  /** runContainer creates and starts; with `autoRemove` the container is gone afterwards. */
  async runContainer(
    options: ContainerCreateOptions,
    detach: boolean,
    pull?: PullOnCreate,
  ): Promise<RunReport> {
    const container = await this.createContainer(options, pull);
    let cleanedUp = false;
    try {
      const report = await new ContainerRunner(this.ctx).start(container, !detach);
      cleanedUp = !detach;
      return report;
    } finally {
      if (!detach && options.autoRemove) await this.removeOne(container, true, cleanedUp);
    }
  }

  listContainers(all: boolean): ContainerSummary[] {
    const store = this.ctx.containers;
    const containers = store.list();
    for (const container of containers) reconcileState(store, container);
    const shown = all ? containers : containers.filter((c) => c.state.status === 'running');
    return shown.map((c) => ({
      id: c.id,
      image: c.imageName,
      command: c.command,
      created: c.created,
      status: c.state,
      names: [c.name],
    }));
  }

  async removeContainers(names: string[], force: boolean): Promise<BatchResult<string>[]> {
    const results: BatchResult<string>[] = [];
    for (const name of names) {
      try {
        const container = this.ctx.containers.resolve(name);
        await this.removeOne(container, force);
        results.push({ name, value: container.id });
      } catch (error) {
        results.push({ name, error });
      }
    }
    return results;
  }

  inspectContainers(names: string[]): BatchResult<Record<string, unknown>>[] {
    return names.map((name) => {
      try {
        const container = this.ctx.containers.resolve(name);
        reconcileState(this.ctx.containers, container);
        return { name, value: inspectContainer(this.ctx, container) };
      } catch (error) {
        return { name, error };
      }
    });
  }

  async importImage(options: ImportImageOptions): Promise<ImageRecord> {
    return new ImageService(this.ctx).import(options);
  }

  listImages(filters: readonly string[] = []): ImageRecord[] {
    const keep = imageFilter(filters);
    return new ImageService(this.ctx).list().filter(keep);
  }

  async tagImage(typed: string, names: readonly string[]): Promise<void> {
    await new ImageService(this.ctx).tag(typed, names);
  }

  async untagImage(typed: string, names: readonly string[]): Promise<void> {
    await new ImageService(this.ctx).untag(typed, names);
  }

  imageExists(typed: string): Promise<boolean> {
    return new ImageService(this.ctx).exists(typed);
  }

  async imageHistory(typed: string): Promise<HistoryEntry[]> {
    return imageHistory(await new ImageService(this.ctx).resolve(typed));
  }

  pullImage(options: PullImageOptions): Promise<PulledImage> {
    return new ImageTransfers(this.ctx).pull(options);
  }

  /** pushImage copies a local image to a registry and returns the manifest's digest there. */
  pushImage(options: PushImageOptions): Promise<string> {
    return new ImageTransfers(this.ctx).push(options);
  }

  /** login checks and stores credentials; it returns the auth file written. */
  login(options: LoginOptions): Promise<string> {
    return new ImageTransfers(this.ctx).login(options);
  }

  /** logout forgets credentials; it returns the registry key it removed (none with `all`). */
  logout(options: LogoutOptions): string | undefined {
    return new ImageTransfers(this.ctx).logout(options);
  }

  saveImages(options: SaveImagesOptions): Promise<void> {
    return new ImageArchives(this.ctx).save(options);
  }

  loadImages(input: NodeJS.ReadableStream): Promise<string[]> {
    return new ImageArchives(this.ctx).load(input);
  }

  exportContainer(nameOrId: string, output: NodeJS.WritableStream): Promise<void> {
    return new ImageArchives(this.ctx).export(nameOrId, output);
  }

  pruneImages(all: boolean): Promise<string[]> {
    return new ImageService(this.ctx).prune(all);
  }

  async removeImages(names: string[], force: boolean): Promise<BatchResult<RemoveImageReport>[]> {
    const service = new ImageService(this.ctx);
    const results: BatchResult<RemoveImageReport>[] = [];
    for (const name of names) {
      try {
        const value = await service.remove(name, force, (ids) => this.removeByIds(ids));
        results.push({ name, value });
      } catch (error) {
        results.push({ name, error });
      }
    }
    return results;
  }

  async inspectImages(names: string[]): Promise<BatchResult<Record<string, unknown>>[]> {
    const service = new ImageService(this.ctx);
    const results: BatchResult<Record<string, unknown>>[] = [];
    for (const name of names) {
      try {
        results.push({ name, value: inspectImage(this.ctx, await service.resolve(name)) });
      } catch (error) {
        results.push({ name, error });
      }
    }
    return results;
  }

  listPlugins(): Promise<ActiveProvider[]> {
    return this.ctx.registry.describe();
  }

  close(): void {
    this.ctx.close();
  }

  /**
   * imageFor applies the pull policy before a create: it returns what to create from, the name
   * a pull gave the image when it pulled one, or what was typed.
   */
  private async imageFor(typed: string, pull: PullOnCreate): Promise<string> {
    const policy = pull.policy;
    if (!PULL_POLICIES.includes(policy)) {
      throw new InvalidArgument(`"${policy}" is not a valid pull policy`);
    }
    if (policy === 'never') return typed;
    if (policy !== 'always' && (await this.imageExists(typed))) return typed;

    const pulled = await this.pullImage({ ...pull, reference: typed });
    return pulled.name;
  }

  private async removeOne(container: StoredContainer, force: boolean, cleanedUp = false) {
    try {
      await new ContainerRemover(this.ctx).remove(container, force, cleanedUp);
    } catch (error) {
      throw SkiffError.wrap(`removing container ${container.id}`, error);
    }
  }

  private async removeByIds(ids: string[]): Promise<void> {
    for (const id of ids) await this.removeOne(this.ctx.containers.resolve(id), true);
  }
}
