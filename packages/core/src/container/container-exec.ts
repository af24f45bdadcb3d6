import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';

import { InvalidContainerState, type AttachStreams, type OciProcess } from '@skiff/contracts';
import createDebug from 'debug';

import type { EngineContext } from '../engine-context.js';
import { EnvList, userAssignments } from '../spec/environment.js';
import { resolveUser } from '../spec/user-resolver.js';
import type { StoredContainer } from '../state/container-store.js';
import { containerEvent } from './container-events.js';
import { ContainerPaths } from './container-paths.js';
import { readRunningSpec } from './running-spec.js';
import { refreshState } from './container-states.js';

const debug = createDebug('skiff:core:exec');

/** ExecOptions are `skiff exec`'s flags. */
export interface ExecOptions {
  command: string[];
  env: string[];
  workdir?: string;
  user?: string;
  tty: boolean;
  interactive: boolean;
  detach: boolean;
}

/** ExecReport is an exec session's id and, when attached, its process's exit code. */
export interface ExecReport {
  sessionId: string;
  exitCode?: number;
}

/**
 * ContainerExec runs a process in a running container. The process inherits the container's
 * own process settings from the config.json it runs with (capabilities, labels, rlimits,
 * environment, user), with exec's flags applied on top, as Podman's exec does.
 */
export class ContainerExec {
  private readonly paths: ContainerPaths;

  constructor(private readonly ctx: EngineContext) {
    this.paths = new ContainerPaths(ctx.environment.root, ctx.environment.runroot);
  }

  async exec(
    container: StoredContainer,
    options: ExecOptions,
    streams?: AttachStreams,
  ): Promise<ExecReport> {
    await refreshState(this.ctx, container);
    if (container.state.status !== 'running') {
      throw new InvalidContainerState(
        'can only create exec sessions on running containers: container state improper',
      );
    }

    const provider = await this.ctx.runtimeProvider();
    const runtime = await provider.locate(container.runtime);
    const sessionId = randomBytes(32).toString('hex');
    const workDir = this.paths.execDir(container.id, sessionId);
    const process = this.processFor(container, options);
    containerEvent(this.ctx, 'exec', container, { execID: sessionId });

    debug('%s: exec session %s runs %o', container.id, sessionId, process.args);
    try {
      const report = await provider.exec({
        runtime,
        id: container.id,
        workDir,
        sessionId,
        process,
        streams: options.detach ? undefined : streams,
        stdin: options.interactive,
      });
      return { sessionId, exitCode: report.exitCode };
    } finally {
      // A detached session's monitor still needs its directory; the container's removal or
      // the next boot takes it away.
      if (!options.detach) rmSync(workDir, { recursive: true, force: true });
    }
  }

  private processFor(container: StoredContainer, options: ExecOptions): OciProcess {
    const spec = readRunningSpec(this.paths, container.id);
    const base = spec.process;
    const env = new EnvList();
    env.setAll(base.env);
    env.setAll(userAssignments(options.env, this.ctx.hostEnv));

    const process: OciProcess = {
      ...base,
      args: options.command,
      env: env.toArray(),
      cwd: options.workdir ?? base.cwd,
      terminal: options.tty,
    };
    if (options.user !== undefined) {
      const user = resolveUser(spec.root.path, options.user);
      process.user = { uid: user.uid, gid: user.gid, additionalGids: user.additionalGids };
    }
    return process;
  }
}
