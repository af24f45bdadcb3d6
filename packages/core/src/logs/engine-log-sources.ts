import type { ContainerStatus } from '@skiff/contracts';
import { InvalidContainerState } from '@skiff/contracts';
import createDebug from 'debug';

import { ContainerPaths } from '../container/container-paths.js';
import type { EngineContext } from '../engine-context.js';
import type { LogSources } from './log-streamer.js';

const debug = createDebug('skiff:core:logs');

// A paused container resumes writing; following its log must not stop.
const WRITING: readonly ContainerStatus[] = ['running', 'paused'];

/**
 * engineLogSources finds containers' logs in the engine's state. A container that is no longer
 * in the state (removed meanwhile) or whose state cannot be read counts as stopped, so that
 * `logs -f` ends rather than waits forever.
 */
export function engineLogSources(ctx: EngineContext): LogSources {
  const paths = new ContainerPaths(ctx.environment.root, ctx.environment.runroot);
  return {
    resolve(nameOrId) {
      const container = ctx.containers.resolve(nameOrId);
      const driver = container.options.logDriver ?? ctx.config.containers.logDriver;
      if (driver === 'none') {
        throw new InvalidContainerState(
          "this container is using the 'none' log driver, cannot read logs",
          { cause: new InvalidContainerState('this container is not logging output') },
        );
      }
      return { id: container.id, name: container.name, logPath: paths.logFile(container.id) };
    },

    isRunning(id) {
      try {
        return WRITING.includes(ctx.containers.resolve(id).state.status);
      } catch (error) {
        debug('container %s counts as stopped: %s', id, (error as Error).message);
        return false;
      }
    },
  };
}
