import { InvalidContainerState, SkiffError } from '@skiff/contracts';
import createDebug from 'debug';

import type { EngineContext } from '../engine-context.js';
import type { StoredContainer } from '../state/container-store.js';
import { withWriteLock } from '../state/database.js';
import { SqliteLabelReservations } from '../state/sqlite-label-reservations.js';
import { ContainerRunner } from './container-runner.js';

const debug = createDebug('skiff:core:container');

/**
 * ContainerRemover deletes containers: it stops a running one when forced, removes its file
 * system and runtime files, then drops the record and its label reservation together.
 */
export class ContainerRemover {
  constructor(private readonly ctx: EngineContext) {}

  /**
   * remove deletes `container`; `cleanedUp` says its runtime record and mount are already gone
   * (a foreground `run --rm` that just cleaned up), which saves asking the runtime again.
   */
  async remove(container: StoredContainer, force: boolean, cleanedUp = false): Promise<void> {
    if (!cleanedUp) await this.stop(container, force);

    try {
      const images = await this.ctx.imageProvider();
      await images.removeRootfs(container.id);
    } catch (error) {
      throw SkiffError.wrap(`removing file system of container ${container.id}`, error);
    }
    await this.forget(container);
    debug('removed %s', container.id);
  }

  private async stop(container: StoredContainer, force: boolean): Promise<void> {
    const runtimeProvider = await this.ctx.runtimeProvider();
    const runtime = await runtimeProvider.locate(container.runtime).catch(() => undefined);
    const state = runtime ? await runtimeProvider.state(runtime, container.id) : undefined;
    const running = state?.status === 'running' || state?.status === 'paused';

    if (running && !force) {
      throw new InvalidContainerState(
        `cannot remove container ${container.id} as it is ${state?.status} - running or paused ` +
          'containers cannot be removed without force: container state improper',
      );
    }
    if (runtime) {
      if (running) await runtimeProvider.kill(runtime, container.id, 'KILL').catch(() => {});
      await new ContainerRunner(this.ctx).cleanup(container, runtimeProvider, runtime);
    }
  }

  private async forget(container: StoredContainer): Promise<void> {
    const labels = await this.ctx.labelProvider();
    await withWriteLock(this.ctx.db, async () => {
      this.ctx.containers.delete(container.id);
      await labels.release(container.id);
      // Whichever provider is configured now, nothing this container held may outlive it.
      new SqliteLabelReservations(this.ctx.db).release(container.id);
    });
  }
}
