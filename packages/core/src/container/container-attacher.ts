import { InvalidContainerState } from '@skiff/contracts';

import type { EngineContext } from '../engine-context.js';
import type { StoredContainer } from '../state/container-store.js';
import { ContainerControl } from './container-control.js';
import { ContainerPaths } from './container-paths.js';
import type { StartOptions, StartReport } from './container-runner.js';
import { refreshState } from './container-states.js';
import { SignalProxy } from './signal-proxy.js';

/**
 * ContainerAttacher connects the caller's streams to a container that is already running,
 * `skiff attach`. The container's exit ends the attach with its exit code; the monitor's exit
 * command cleans up, since this process may go away at any time.
 */
export class ContainerAttacher {
  constructor(private readonly ctx: EngineContext) {}

  async attach(container: StoredContainer, options: StartOptions): Promise<StartReport> {
    await refreshState(this.ctx, container);
    if (container.state.status !== 'running') {
      throw new InvalidContainerState('you can only attach to running containers');
    }
    if (!options.streams) return { id: container.id };

    const provider = await this.ctx.runtimeProvider();
    const runtime = await provider.locate(container.runtime);
    const paths = new ContainerPaths(this.ctx.environment.root, this.ctx.environment.runroot);
    const session = await provider.attach(paths.bundle(container.id), options.streams);

    const proxy = options.sigProxy
      ? new SignalProxy((signal) => provider.kill(runtime, container.id, signal))
      : undefined;
    proxy?.attach();
    const report = await session.done.finally(() => proxy?.detach());
    if (report.detached) return { id: container.id, detached: true };

    const exitCode = await new ContainerControl(this.ctx).wait(container.id, ['stopped']);
    return { id: container.id, exitCode };
  }
}
