import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { RuntimeInfo, RuntimeProvider } from '@skiff/contracts';
import createDebug from 'debug';

import type { EngineContext } from '../engine-context.js';
import { finalizeSpec, serializeSpec } from '../spec/spec-finalizer.js';
import type { StoredContainer } from '../state/container-store.js';

const debug = createDebug('skiff:core:container');

/** StartReport is how a start ended: an exit code when attached, the state otherwise. */
export interface StartReport {
  id: string;
  exitCode?: number;
}

/**
 * ContainerRunner starts stored containers: it mounts the root file system, completes and
 * writes config.json, hands the bundle to the runtime, and records the outcome. Whatever
 * happens, an attached run leaves the runtime record deleted and the file system unmounted.
 */
export class ContainerRunner {
  constructor(private readonly ctx: EngineContext) {}

  /** start runs the container; `attach` waits for it and reports its exit code. */
  async start(container: StoredContainer, attach: boolean): Promise<StartReport> {
    const runtimeProvider = await this.ctx.runtimeProvider();
    const runtime = await runtimeProvider.locate(container.runtime);
    // A container still in `created` has no runtime record: a failed start removes it.
    const mayRun = container.state.status !== 'created';
    if (mayRun && (await this.isRunning(runtimeProvider, runtime, container))) {
      return { id: container.id };
    }

    const bundle = await this.prepareBundle(container, runtimeProvider, runtime);
    const interactive = container.options.interactive;
    const options = { runtime, id: container.id, bundle, workDir: bundle, interactive };
    const startedAt = new Date().toISOString();

    if (!attach) {
      const state = await this.guard(container, runtimeProvider, runtime, () =>
        runtimeProvider.start({ ...options, logPath: join(bundle, 'ctr.log') }),
      );
      this.record(container, { status: 'running', exitCode: 0, pid: state.pid, startedAt });
      return { id: container.id };
    }

    this.record(container, { status: 'running', exitCode: 0, pid: process.pid, startedAt });
    const { exitCode } = await this.guard(container, runtimeProvider, runtime, () =>
      runtimeProvider.run(options),
    );
    const finishedAt = new Date().toISOString();
    this.record(container, { status: 'exited', exitCode, pid: 0, startedAt, finishedAt });
    // `runc run` deletes its record of the container when the container exits.
    await this.cleanup(container, runtimeProvider, runtime, { runtimeDeleted: true });
    return { id: container.id, exitCode };
  }

  /** cleanup deletes the runtime's record and unmounts the file system of a stopped container. */
  async cleanup(
    container: StoredContainer,
    provider: RuntimeProvider,
    runtime: RuntimeInfo,
    options: { runtimeDeleted?: boolean } = {},
  ): Promise<void> {
    if (!options.runtimeDeleted) await provider.delete(runtime, container.id, true);
    const images = await this.ctx.imageProvider();
    await images.unmountRootfs(container.id);
    rmSync(this.bundleDir(container.id), { recursive: true, force: true });
  }

  bundleDir(id: string): string {
    return join(this.ctx.environment.runroot, 'containers', id);
  }

  private async isRunning(provider: RuntimeProvider, runtime: RuntimeInfo, c: StoredContainer) {
    const state = await provider.state(runtime, c.id);
    if (state?.status === 'running' || state?.status === 'paused') return true;
    if (state) await provider.delete(runtime, c.id, true);
    return false;
  }

  private async prepareBundle(
    container: StoredContainer,
    provider: RuntimeProvider,
    runtime: RuntimeInfo,
  ): Promise<string> {
    const bundle = this.bundleDir(container.id);
    mkdirSync(bundle, { recursive: true, mode: 0o700 });

    return this.guard(container, provider, runtime, async () => {
      const images = await this.ctx.imageProvider();
      const labels = await this.ctx.labelProvider();
      const image = this.ctx.images.get(container.imageId);
      const rootfs = await images.mountRootfs({
        containerId: container.id,
        layers: image.layers.map((layer) => layer.diffId),
        volatile: container.options.autoRemove,
      });

      const { spec, provenance } = finalizeSpec({
        container,
        image,
        rootfs: rootfs.path,
        bundle,
        kernelEnforced: labels.kernelEnforced,
        labelOrigin: `label provider ${this.ctx.registry.implementationFor('label').name}`,
      });
      writeFileSync(join(bundle, 'config.json'), serializeSpec(spec), { mode: 0o600 });
      this.ctx.containers.updateProvenance(container.id, provenance);
      debug('%s: bundle ready at %s on %s', container.id, bundle, rootfs.driver);
      return bundle;
    });
  }

  // A failure while starting leaves the container created, with its file system unmounted and
  // no runtime record, as it was before the attempt.
  private async guard<T>(
    container: StoredContainer,
    provider: RuntimeProvider,
    runtime: RuntimeInfo,
    step: () => Promise<T>,
  ): Promise<T> {
    try {
      return await step();
    } catch (error) {
      this.record(container, { status: 'created', exitCode: 0, pid: 0 });
      await this.cleanup(container, provider, runtime).catch((cleanupError: unknown) => {
        debug('%s: cleanup after a failed start failed: %O', container.id, cleanupError);
      });
      throw error;
    }
  }

  private record(container: StoredContainer, state: StoredContainer['state']): void {
    container.state = state;
    this.ctx.containers.updateState(container.id, state);
  }
}
