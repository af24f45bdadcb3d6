import type { AttachStreams, ContainerCreateOptions, ImageRecord } from '@skiff/contracts';
import { InvalidArgument, SkiffError } from '@skiff/contracts';

import { ContainerAttacher } from './container/container-attacher.js';
import { ContainerCleaner } from './container/container-cleaner.js';
import { ContainerControl, type StopReport } from './container/container-control.js';
import { ContainerCreator } from './container/container-creator.js';
import type { ContainerExplanation } from './container/container-explainer.js';
import { ContainerExec, type ExecOptions } from './container/container-exec.js';
import { ContainerListing } from './container/container-listing.js';
import type { ContainerSummary, ListContainersOptions } from './container/container-summary.js';
import { inspectContainer } from './container/container-inspector.js';
import { ContainerRemover, type RemoveOptions } from './container/container-remover.js';
import {
  ContainerRunner,
  type StartOptions,
  type StartReport,
} from './container/container-runner.js';
import { isActive, refreshState } from './container/container-states.js';
import { EngineContext, type EngineOptions } from './engine-context.js';
import { ImageArchives, type SaveImagesOptions } from './image/image-archives.js';
import { imageHistory, type HistoryEntry } from './image/image-history.js';
import { inspectImage } from './image/image-inspector.js';
import { ImageListing } from './image/image-listing.js';
import type { ImageSummary, ListImagesOptions } from './image/image-summary.js';
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
import type { EventSink, EventsOptions } from './events/event-journal.js';
import type { LogsOptions, LogStreams } from './logs/log-streamer.js';
import type { InfoReport } from './info/info-report.js';
import type { ActiveProvider } from './plugins/provider-registry.js';
import { completionNames, type CompletionNames, type NameKind } from './state/completion-names.js';
import type { StoredContainer } from './state/container-store.js';
import type { DiskUsageReport } from './system/disk-usage.js';
import type { ResetReport } from './system/system-reset.js';
import { inspectVolume } from './volume/volume-inspector.js';
import { VolumeService, type VolumeCreateOptions } from './volume/volume-service.js';

export type {
  ContainerSize,
  ContainerSummary,
  ListContainersOptions,
} from './container/container-summary.js';
export type { ImageSummary, ListImagesOptions } from './image/image-summary.js';

/** RunReport is the outcome of `skiff run`. */
export type RunReport = StartReport;

/** PULL_POLICIES are `--pull`'s values; `newer` behaves as `missing` (no remote date check). */
const PULL_POLICIES: readonly string[] = ['always', 'missing', 'newer', 'never'];

/** PullOnCreate is `create`/`run --pull`, the pull flags they share with `pull`, and progress. */
export interface PullOnCreate extends Omit<PullImageOptions, 'reference'> {
  policy: string;
}

/** SystemPruneOptions are `system prune`'s flags: `all` unused images, unused `volumes` too. */
export interface SystemPruneOptions {
  all: boolean;
  volumes: boolean;
}

/** SystemPruneReport is what `system prune` removed, and the bytes that freed. */
export interface SystemPruneReport {
  containers: BatchResult<string>[];
  volumes: string[];
  images: string[];
  reclaimed: number;
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

  /** startContainer starts a created or exited container, attached when `streams` are given. */
  async startContainer(nameOrId: string, options: StartOptions = {}): Promise<StartReport> {
    const container = this.ctx.containers.resolve(nameOrId);
    return new ContainerRunner(this.ctx).start(container, options);
  }

  /** runContainer creates and starts; with `autoRemove` the container is gone afterwards. */
  async runContainer(
    options: ContainerCreateOptions,
    start: StartOptions,
    pull?: PullOnCreate,
  ): Promise<RunReport> {
    const container = await this.createContainer(options, pull);
    try {
      return await new ContainerRunner(this.ctx).start(container, start);
    } catch (error) {
      // A container that never ran is no use to anyone who asked for `--rm`.
      if (options.autoRemove) await this.removeOne(container, { force: true });
      throw error;
    }
  }

  /** attachContainer connects to a running container until it exits or the user detaches. */
  async attachContainer(nameOrId: string, options: StartOptions): Promise<StartReport> {
    const container = this.ctx.containers.resolve(nameOrId);
    return new ContainerAttacher(this.ctx).attach(container, options);
  }

  /**
   * listContainers is `ps`: `true` for all containers, `false` for running ones, or Podman's
   * selection and order with filters, `--last`, `--latest`, `--sort` and `--size`.
   */
  async listContainers(options: boolean | ListContainersOptions): Promise<ContainerSummary[]> {
    const selection = typeof options === 'boolean' ? { all: options } : options;
    return new ContainerListing(this.ctx).list(selection);
  }

  async removeContainers(
    names: string[],
    options: { force: boolean; timeout?: number },
  ): Promise<BatchResult<{ id: string; stop: StopReport }>[]> {
    return this.eachContainer(names, async (container) => ({
      id: container.id,
      stop: await this.removeOne(container, options),
    }));
  }

  /** stopContainers stops each container, waiting `timeout` seconds before SIGKILL. */
  stopContainers(names: string[], timeout?: number): Promise<BatchResult<StopReport>[]> {
    return this.eachContainer(names, (c) => new ContainerControl(this.ctx).stop(c, timeout));
  }

  killContainers(names: string[], signal: string): Promise<BatchResult<string>[]> {
    return this.eachContainer(names, async (c) => {
      await new ContainerControl(this.ctx).kill(c, signal);
      return c.id;
    });
  }

  pauseContainers(names: string[]): Promise<BatchResult<string>[]> {
    return this.eachContainer(names, async (c) => {
      await new ContainerControl(this.ctx).pause(c);
      return c.id;
    });
  }

  unpauseContainers(names: string[]): Promise<BatchResult<string>[]> {
    return this.eachContainer(names, async (c) => {
      await new ContainerControl(this.ctx).unpause(c);
      return c.id;
    });
  }

  /** restartContainers stops each running container, then starts it detached. */
  restartContainers(names: string[], timeout?: number): Promise<BatchResult<StopReport>[]> {
    return this.eachContainer(names, async (c) => {
      const stop = await new ContainerControl(this.ctx).stop(c, timeout);
      await new ContainerRunner(this.ctx).start(this.ctx.containers.resolve(c.id));
      return stop;
    });
  }

  /** waitContainers waits for each container to reach one of `conditions`, giving exit codes. */
  waitContainers(names: string[], conditions: string[]): Promise<BatchResult<number>[]> {
    return this.eachContainer(names, (c) => new ContainerControl(this.ctx).wait(c.id, conditions));
  }

  execContainer(nameOrId: string, options: ExecOptions, streams?: AttachStreams) {
    const container = this.ctx.containers.resolve(nameOrId);
    return new ContainerExec(this.ctx).exec(container, options, streams);
  }

  /** containerTty says whether a container was created with a terminal (`-t`). */
  containerTty(nameOrId: string): boolean {
    return this.containerCreateOptions(nameOrId).tty;
  }

  /** containerCreateOptions are the flags a container was created with. */
  containerCreateOptions(nameOrId: string): ContainerCreateOptions {
    return this.ctx.containers.resolve(nameOrId).options;
  }

  containerExists(nameOrId: string): boolean {
    return this.ctx.containers.exists(nameOrId);
  }

  /** cleanupContainer is conmon's exit command: what follows a container's exit. */
  async cleanupContainer(nameOrId: string): Promise<string> {
    const container = this.ctx.containers.resolve(nameOrId);
    await new ContainerCleaner(this.ctx).cleanup(container.id);
    return container.id;
  }

  /** pruneContainers removes every container that is not running and returns their ids. */
  async pruneContainers(): Promise<BatchResult<string>[]> {
    const results: BatchResult<string>[] = [];
    for (const container of this.ctx.containers.list()) {
      await refreshState(this.ctx, container);
      if (isActive(container.state)) continue;
      try {
        await this.removeOne(container, { force: false });
        results.push({ name: container.id, value: container.id });
      } catch (error) {
        results.push({ name: container.id, error });
      }
    }
    return results;
  }

  async inspectContainers(names: string[]): Promise<BatchResult<Record<string, unknown>>[]> {
    return this.eachContainer(names, async (container) => {
      await refreshState(this.ctx, container);
      return inspectContainer(this.ctx, container);
    });
  }

  /**
   * explainContainer pairs a container's config.json with the bucket (image, engine, user) and
   * input behind each directive: the file the runtime was given while the bundle exists, the
   * spec made at create otherwise.
   */
  async explainContainer(nameOrId: string): Promise<ContainerExplanation> {
    const container = this.ctx.containers.resolve(nameOrId);
    // Loaded on first use, as only `inspect --explain` needs it.
    const { ContainerExplainer } = await import('./container/container-explainer.js');
    return new ContainerExplainer(this.ctx).explain(container);
  }

  async importImage(options: ImportImageOptions): Promise<ImageRecord> {
    return new ImageService(this.ctx).import(options);
  }

  /** listImages is `images`: images selected by Podman's filters, in the order stored. */
  listImages(options: ListImagesOptions = {}): Promise<ImageSummary[]> {
    return new ImageListing(this.ctx).list(options);
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

  /**
   * containerLogs writes containers' logs to `streams` as `podman logs` prints them. With
   * `follow` it returns once every container has stopped, or when `options.signal` aborts.
   */
  async containerLogs(names: string[], options: LogsOptions, streams: LogStreams): Promise<void> {
    // Loaded on first use, as most commands never read logs.
    const { LogStreamer } = await import('./logs/log-streamer.js');
    await LogStreamer.forEngine(this.ctx).print(names, options, streams);
  }

  /** events passes journaled events to `out` in order, selected as `podman events` does. */
  async events(options: EventsOptions, out: EventSink): Promise<void> {
    const { EventJournal } = await import('./events/event-journal.js');
    await EventJournal.forEngine(this.ctx).read(options, out);
  }

  /**
   * topContainer lists a running container's processes with `descriptors` as `podman top`
   * does, running ps(1) in the container for arguments that are not descriptors.
   */
  async topContainer(nameOrId: string, descriptors: string[]) {
    let container: StoredContainer;
    try {
      container = this.ctx.containers.resolve(nameOrId);
    } catch (error) {
      throw SkiffError.wrap('unable to look up requested container', error);
    }
    await refreshState(this.ctx, container);
    // Loaded on first use, as it is only needed here.
    const { ContainerTop } = await import('./container/container-top.js');
    return new ContainerTop(this.ctx).top(container, descriptors);
  }

  listPlugins(): Promise<ActiveProvider[]> {
    return this.ctx.registry.describe();
  }

  /** systemInfo gathers `skiff info`: host, store, registries, versions and providers. */
  async systemInfo(): Promise<InfoReport> {
    // Loaded on first use, as only `info` needs it.
    const { collectInfo } = await import('./info/info-collector.js');
    return collectInfo(this.ctx);
  }

  /** storePaths are the `--root` and `--runroot` directories this engine works in. */
  storePaths(): { root: string; runroot: string } {
    const { root, runroot } = this.ctx.environment;
    return { root, runroot };
  }

  /** unshare runs `command` in the rootless user namespace and resolves with its status. */
  async unshare(command: readonly string[]): Promise<number> {
    const { runUnshare } = await import('./rootless/unshare-command.js');
    return runUnshare(this.ctx.environment, command);
  }

  /** diskUsage measures images, containers and volumes, as `system df` shows them. */
  async diskUsage(): Promise<DiskUsageReport> {
    // Loaded on first use, as only `system df` and `system prune` need it.
    const { collectDiskUsage } = await import('./system/disk-usage.js');
    return collectDiskUsage(this.ctx);
  }

  /**
   * pruneSystem is `system prune`: stopped containers, then unused volumes when asked, then
   * dangling images (every unused one with `all`), each by its own prune. Sizes are measured
   * first, so that the report can say how much the removals freed.
   */
  async pruneSystem(options: SystemPruneOptions): Promise<SystemPruneReport> {
    const before = await this.diskUsage();
    const containers = await this.pruneContainers();
    const volumes = options.volumes ? await this.pruneVolumes() : [];
    const images = await this.pruneImages(options.all);

    const { reclaimedSpace } = await import('./system/reclaimed-space.js');
    const removed = containers.flatMap((result) => ('value' in result ? [result.value] : []));
    const reclaimed = reclaimedSpace(before, { containers: removed, volumes, images });
    return { containers, volumes, images, reclaimed };
  }

  /**
   * resetSystem is `system reset`: every container stopped and removed, every image and volume
   * removed, then the `--root` and `--runroot` directories deleted. The report holds the
   * failures met on the way, past which it carried on.
   */
  async resetSystem(): Promise<ResetReport> {
    const { SystemReset } = await import('./system/system-reset.js');
    return new SystemReset(this.ctx).reset((c) => this.removeOne(c, { force: true }));
  }

  /** createVolume makes a named volume, as `volume create` does, and returns its name. */
  async createVolume(options: VolumeCreateOptions): Promise<string> {
    return (await new VolumeService(this.ctx).create(options)).name;
  }

  /** listVolumes returns every volume as `volume inspect` shows it, by name. */
  listVolumes(): Record<string, unknown>[] {
    const service = new VolumeService(this.ctx);
    return service.list().map((volume) => inspectVolume(volume, service.paths));
  }

  async inspectVolumes(names: string[]): Promise<BatchResult<Record<string, unknown>>[]> {
    const service = new VolumeService(this.ctx);
    return names.map((name) => {
      try {
        return { name, value: inspectVolume(service.get(name), service.paths) };
      } catch (error) {
        if (SkiffError.codeOf(error) !== 'NoSuchVolume') return { name, error };
        // Podman's inspect words a missing volume its own way.
        const missing = new SkiffError('NoSuchVolume', `inspecting object: no such volume ${name}`);
        return { name, error: missing };
      }
    });
  }

  /**
   * removeVolumes removes volumes; the value says whether one was removed (`force` makes a
   * missing one no error). `force` also removes the containers that use a volume.
   */
  async removeVolumes(names: string[], force: boolean): Promise<BatchResult<boolean>[]> {
    const service = new VolumeService(this.ctx);
    const removeUser = async (container: StoredContainer) => {
      await this.removeOne(container, { force: true });
    };
    const results: BatchResult<boolean>[] = [];
    for (const name of names) {
      try {
        results.push({ name, value: await service.remove(name, force, removeUser) });
      } catch (error) {
        results.push({ name, error });
      }
    }
    return results;
  }

  /** pruneVolumes removes every volume no container uses and returns their names. */
  pruneVolumes(): Promise<string[]> {
    return new VolumeService(this.ctx).prune();
  }

  /** completionNames lists the names and short ids shell completion offers for `kind`. */
  completionNames(kind: NameKind): CompletionNames {
    return completionNames(this.ctx, kind);
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

  private async removeOne(container: StoredContainer, options: RemoveOptions) {
    try {
      return await new ContainerRemover(this.ctx).remove(container, options);
    } catch (error) {
      // Podman states a refusal to remove a running container as it is, without the step.
      if (SkiffError.codeOf(error) === 'ContainerState') throw error;
      throw SkiffError.wrap(`removing container ${container.id}`, error);
    }
  }

  private async removeByIds(ids: string[]): Promise<void> {
    for (const id of ids) {
      await this.removeOne(this.ctx.containers.resolve(id), { force: true, timeout: 0 });
    }
  }

  /** eachContainer applies `fn` to each named container, collecting results and errors. */
  private async eachContainer<T>(
    names: string[],
    fn: (container: StoredContainer) => Promise<T>,
  ): Promise<BatchResult<T>[]> {
    const results: BatchResult<T>[] = [];
    for (const name of names) {
      try {
        results.push({ name, value: await fn(this.ctx.containers.resolve(name)) });
      } catch (error) {
        results.push({ name, error });
      }
    }
    return results;
  }
}
