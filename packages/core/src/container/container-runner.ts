import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  InvalidContainerState,
  NoSuchContainer,
  type AttachSession,
  type AttachStreams,
  type IdMappings,
  type LogDriver,
  type RuntimeInfo,
  type RuntimeProvider,
} from '@skiff/contracts';
import createDebug from 'debug';

import type { EngineContext } from '../engine-context.js';
import { rootlessIdentity } from '../rootless/rootless-identity.js';
import { hostIdOf } from '../spec/id-mappings.js';
import { checkMappedRootAccess } from './mapped-root-access.js';
import {
  joinSharedNamespaces,
  namespaceChoices,
  sharedTargets,
} from '../spec/shared-namespaces.js';
import { finalizeSpec, serializeSpec } from '../spec/spec-finalizer.js';
import { ContainerLocks } from '../state/container-locks.js';
import type { StoredContainer } from '../state/container-store.js';
import { processIdentity } from '../state/process-identity.js';
import { ContainerCleaner } from './container-cleaner.js';
import { containerEvent } from './container-events.js';
import { ContainerPaths } from './container-paths.js';
import { isActive, refreshState, UNKNOWN_EXIT_CODE } from './container-states.js';
import { labelEngineFiles } from './engine-file-labels.js';
import { logSizeMax } from './log-options.js';
import { SignalProxy } from './signal-proxy.js';
import { prepareVolumes } from './volume-preparation.js';

const debug = createDebug('skiff:core:container');

// `sh -c` script: given a pid, its start time and a command, run the command unless that
// process still lives. /proc/<pid>/stat's fields are counted from the last `)`, since the
// command name may hold spaces: the state is the first, the start time the twentieth.
const UNLESS_OWNER_ALIVE = [
  'alive() { [ "$1" != Z ] && [ "$1" != X ] && [ "${20}" = "$start" ]; }',
  'pid=$1 start=$2; shift 2',
  'if { read -r stat < "/proc/$pid/stat"; } 2>/dev/null && alive ${stat##*) }; then exit 0; fi',
  'exec "$@"',
].join('\n');

/** StartOptions say whether to stay attached to the container, and how. */
export interface StartOptions {
  /** Attach these streams and wait for the container to exit. */
  streams?: AttachStreams;
  /** Relay this process's signals to the attached container (`--sig-proxy`). */
  sigProxy?: boolean;
  /** The start is a restart policy's: the count goes on instead of starting over. */
  restartCount?: number;
}

/** StartReport is how a start ended: an exit code when attached, the state otherwise. */
export interface StartReport {
  id: string;
  exitCode?: number;
  /** The user detached, leaving the container running. */
  detached?: boolean;
  /** The container was already running, and nothing was done. */
  alreadyRunning?: boolean;
}

/**
 * ContainerRunner starts stored containers: it mounts the root file system, completes and
 * writes config.json, and has the runtime provider create the container under its monitor,
 * which outlives this process. When attached, it relays the container's stdio until it exits
 * and then cleans up itself; otherwise the monitor's exit command does.
 */
export class ContainerRunner {
  private readonly paths: ContainerPaths;

  constructor(private readonly ctx: EngineContext) {
    this.paths = new ContainerPaths(ctx.environment.root, ctx.environment.runroot);
  }

  async start(container: StoredContainer, options: StartOptions = {}): Promise<StartReport> {
    const provider = await this.ctx.runtimeProvider();
    const runtime = await provider.locate(container.runtime);
    await this.startDependencies(container);

    const locks = new ContainerLocks(this.ctx.db);
    const session = await locks.hold(container.id, () =>
      this.startLocked(container, provider, runtime, options),
    );
    if (session === 'running') return { id: container.id, alreadyRunning: true };
    if (session === undefined) return { id: container.id };
    return this.followAttach(container, provider, runtime, session, options);
  }

  /**
   * startLocked creates and starts the container with its lock held. The lock is let go before
   * an attach is followed, so that stop, kill and the exit command can act meanwhile.
   */
  private async startLocked(
    container: StoredContainer,
    provider: RuntimeProvider,
    runtime: RuntimeInfo,
    options: StartOptions,
  ): Promise<AttachSession | 'running' | undefined> {
    Object.assign(container, this.ctx.containers.resolve(container.id));
    await refreshState(this.ctx, container);
    if (isActive(container.state)) return 'running';
    // An exited container may still hold its mount and runtime record: its clean-up may not
    // have run (its monitor was killed) or be waiting for this lock.
    const cleaner = new ContainerCleaner(this.ctx);
    if (cleaner.holdsResources(container)) await cleaner.release(container, provider, runtime);

    const bundle = await this.prepareBundle(container, provider, runtime);
    return this.guard(container, provider, runtime, async () => {
      const created = await provider.create({
        runtime,
        id: container.id,
        name: container.name,
        bundle,
        exitDir: this.paths.exitDir(),
        ...this.logOptions(container),
        terminal: container.options.tty,
        stdin: container.options.interactive,
        exitCommand: this.exitCommand(container.id, options.streams !== undefined),
      });
      const session = options.streams ? await provider.attach(bundle, options.streams) : undefined;
      await provider.start(runtime, container.id);

      this.ctx.containers.updateState(container.id, {
        status: 'running',
        exitCode: 0,
        pid: created.pid,
        monitorPid: created.monitorPid,
        startedAt: new Date().toISOString(),
        restartCount: options.restartCount ?? 0,
        stoppedByUser: false,
      });
      containerEvent(this.ctx, 'start', container);
      debug('%s: started, pid %d, monitor %d', container.id, created.pid, created.monitorPid);
      return session;
    });
  }

  private async followAttach(
    container: StoredContainer,
    provider: RuntimeProvider,
    runtime: RuntimeInfo,
    session: AttachSession,
    options: StartOptions,
  ): Promise<StartReport> {
    const proxy = options.sigProxy
      ? new SignalProxy((signal) => provider.kill(runtime, container.id, signal))
      : undefined;
    proxy?.attach();
    const attach = await session.done.finally(() => proxy?.detach());

    if (attach.detached) return { id: container.id, detached: true };
    const exitCode = await this.awaitExit(container, provider);
    await new ContainerCleaner(this.ctx).cleanup(container.id);
    return { id: container.id, exitCode };
  }

  /**
   * awaitExit waits for the exit code once the container's output has ended. conmon writes
   * its exit file as the container's last process is reaped, a moment after the output
   * closes; a `stop` from another command may have recorded it and cleaned up already.
   */
  private async awaitExit(container: StoredContainer, provider: RuntimeProvider): Promise<number> {
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      const code = await provider.exitCode(this.paths.exitDir(), container.id);
      if (code !== undefined) return code;

      const record = this.ctx.containers.byId(container.id);
      if (!record) return this.ctx.containers.removedExitCode(container.id) ?? UNKNOWN_EXIT_CODE;
      if (!isActive(record.state)) return record.state.exitCode;
      if (!provider.monitorAlive(record.state.monitorPid ?? 0, container.id)) {
        return (await provider.exitCode(this.paths.exitDir(), container.id)) ?? UNKNOWN_EXIT_CODE;
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  private logOptions(container: StoredContainer) {
    const driver = container.options.logDriver ?? this.ctx.config.containers.logDriver;
    const logDriver: LogDriver = driver === 'none' ? 'none' : 'k8s-file';
    const logPath = logDriver === 'none' ? '/dev/null' : this.paths.logFile(container.id);
    mkdirSync(this.paths.userData(container.id), { recursive: true, mode: 0o700 });
    const configured = this.ctx.config.containers.logSizeMax ?? -1;
    return { logDriver, logPath, logSizeMax: logSizeMax(container.options.logOpts, configured) };
  }

  /**
   * exitCommand runs `skiff container cleanup` with this engine's storage, as conmon's
   * callback. An attached start cleans up after the container itself, so its callback first
   * checks, with shell builtins alone, whether that process still lives, and starts the
   * command line only when it does not: a second Node start-up after every foreground run
   * would cost more than the run's own work.
   */
  private exitCommand(id: string, attached: boolean): string[] | undefined {
    const self = this.ctx.selfCommand;
    if (self === undefined) return undefined;
    const { root, runroot } = this.ctx.environment;
    const config = this.ctx.configPath ? ['--config', this.ctx.configPath] : [];
    const cleanup = [...self, '--root', root, '--runroot', runroot, ...config];
    cleanup.push('container', 'cleanup', '--monitor', id);

    const owner = processIdentity()?.split(':');
    if (!attached || owner === undefined) return cleanup;
    return ['/bin/sh', '-c', UNLESS_OWNER_ALIVE, 'skiff-exit', owner[0], owner[1], ...cleanup];
  }

  private async prepareBundle(
    container: StoredContainer,
    provider: RuntimeProvider,
    runtime: RuntimeInfo,
  ): Promise<string> {
    const bundle = this.paths.bundle(container.id);
    mkdirSync(bundle, { recursive: true, mode: 0o700 });
    const idMappings = containerIdMappings(container);
    if (idMappings) ownBundle(bundle, idMappings);

    return this.guard(container, provider, runtime, async () => {
      const images = await this.ctx.imageProvider();
      const labels = await this.ctx.labelProvider();
      const image = this.ctx.images.get(container.imageId);
      // Under an enforcing kernel the container may execute only files of its own label; a
      // kernel without SELinux would refuse the mount option that gives them that label.
      const mountLabel = labels.kernelEnforced ? container.mountLabel : '';
      const rootfs = await images.mountRootfs({
        containerId: container.id,
        layers: image.layers.map((layer) => layer.diffId),
        volatile: container.options.autoRemove,
        mountLabel,
        ...(idMappings ? { idMappings } : {}),
      });
      if (idMappings) checkMappedRootAccess(rootfs.path, idMappings);
      await prepareVolumes(this.ctx, container, rootfs.path);

      const { spec, provenance } = finalizeSpec({
        container,
        image,
        rootfs: rootfs.path,
        bundle,
        kernelEnforced: labels.kernelEnforced,
        labelOrigin: this.ctx.registry.originOf('label'),
        owner: rootlessIdentity(this.ctx.hostEnv),
      });
      await labelEngineFiles(labels, spec, bundle, mountLabel);
      joinSharedNamespaces(spec, namespaceChoices(container.options), (id) => this.pidOf(id));
      writeFileSync(join(bundle, 'config.json'), serializeSpec(spec), { mode: 0o600 });
      this.ctx.containers.updateProvenance(container.id, provenance);
      debug('%s: bundle ready at %s on %s', container.id, bundle, rootfs.driver);
      return bundle;
    });
  }

  /**
   * startDependencies starts, in the background, the containers whose namespaces this one
   * joins (`--pid container:X`), as Podman does, since there is nothing to join until they run.
   */
  private async startDependencies(container: StoredContainer): Promise<void> {
    for (const id of sharedTargets(namespaceChoices(container.options))) {
      const dependency = this.ctx.containers.byId(id);
      if (!dependency) throw new NoSuchContainer(id);
      await refreshState(this.ctx, dependency);
      if (isActive(dependency.state)) continue;
      debug('%s: starting %s, whose namespaces it joins', container.id, id);
      await this.start(dependency);
    }
  }

  private pidOf(id: string): number {
    const dependency = this.ctx.containers.byId(id);
    if (!dependency) throw new NoSuchContainer(id);
    if (dependency.state.status !== 'running' || dependency.state.pid <= 0) {
      throw new InvalidContainerState(
        `joining the namespaces of container ${id}: it is ${dependency.state.status}`,
      );
    }
    return dependency.state.pid;
  }

  // A failure while starting leaves the container as it was before the attempt: its file
  // system unmounted, no runtime record, no monitor.
  private async guard<T>(
    container: StoredContainer,
    provider: RuntimeProvider,
    runtime: RuntimeInfo,
    step: () => Promise<T>,
  ): Promise<T> {
    try {
      return await step();
    } catch (error) {
      this.ctx.containers.updateState(container.id, { ...container.state, pid: 0 });
      await new ContainerCleaner(this.ctx)
        .release(container, provider, runtime, { killFirst: true })
        .catch((cleanupError: unknown) => {
          debug('%s: cleanup after a failed start failed: %O', container.id, cleanupError);
        });
      throw error;
    }
  }
}

/** containerIdMappings are the mappings of a container with a user namespace of its own. */
function containerIdMappings(container: StoredContainer): IdMappings | undefined {
  const { uidMappings, gidMappings } = container.spec.linux;
  if (!uidMappings?.length || !gidMappings?.length) return undefined;
  return { uidMappings, gidMappings };
}

// runc sets up the container as the container's root, which needs to reach the files the
// bundle holds for it (Podman gives its own directory to that user the same way).
function ownBundle(bundle: string, mappings: IdMappings): void {
  const uid = hostIdOf(mappings.uidMappings, 0);
  const gid = hostIdOf(mappings.gidMappings, 0);
  if (uid !== undefined && gid !== undefined) chownSync(bundle, uid, gid);
}
