import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { InvalidArgument } from '@skiff/contracts';
import createDebug from 'debug';

import type { StopReport } from '../container/container-control.js';
import type { EngineContext } from '../engine-context.js';
import { ImageService } from '../image/image-service.js';
import type { StoredContainer } from '../state/container-store.js';
import { VolumeService } from '../volume/volume-service.js';
import { waitForMonitors } from './monitor-wait.js';
import { unmountUnder } from './store-mounts.js';

const debug = createDebug('skiff:core:system');

/** How long a reset waits for the monitors and clean-ups of removed containers to end. */
const MONITOR_WAIT_MS = 10_000;

/** RemoveContainer removes one container, stopping it first if it runs. */
export type RemoveContainer = (container: StoredContainer) => Promise<StopReport>;

/** ResetReport is how a reset went: each container's stop, and the failures carried past. */
export interface ResetReport {
  stops: { name: string; stop: StopReport }[];
  errors: unknown[];
}

/**
 * SystemReset returns a store to nothing, as `podman system reset` does: every container is
 * stopped and removed, every image and volume removed through its service (so that providers
 * release what they hold), then the `--root` and `--runroot` directories are deleted. Failures
 * along the way are collected and the reset carries on; nothing outside the two directories is
 * touched, and nothing is deleted while a mount remains inside them.
 */
export class SystemReset {
  constructor(private readonly ctx: EngineContext) {}

  /** reset empties the store and deletes its directories. */
  async reset(removeContainer: RemoveContainer): Promise<ResetReport> {
    const { root, runroot } = this.ctx.environment;
    for (const dir of [root, runroot]) refuseSystemDirectory(dir);
    const report: ResetReport = { stops: [], errors: [] };

    const ids = await this.removeContainers(removeContainer, report);
    await this.attempt(report, () => new ImageService(this.ctx).prune(true));
    await this.attempt(report, () => new VolumeService(this.ctx).prune());
    if (!(await waitForMonitors(ids, MONITOR_WAIT_MS))) debug('monitors still running');

    this.ctx.close();
    for (const dir of [root, runroot]) removeStoreDirectory(dir);
    return report;
  }

  /**
   * removeContainers removes containers that no other joins first, pass after pass, since a
   * container whose namespaces another uses cannot go before it. It returns every id it tried.
   */
  private async removeContainers(remove: RemoveContainer, report: ResetReport) {
    const tried: string[] = [];
    let left = this.ctx.containers.list();
    while (left.length > 0) {
      const joined = new Set(left.flatMap(joinedContainers));
      const free = left.filter((c) => !joined.has(c.id));
      // In a cycle, which creation forbids, every removal is tried and its error kept.
      const batch = free.length > 0 ? free : left;
      for (const container of batch) {
        tried.push(container.id);
        await this.attempt(report, async () => {
          report.stops.push({ name: container.name, stop: await remove(container) });
        });
      }
      left = left.filter((c) => !batch.includes(c));
    }
    return tried;
  }

  private async attempt(report: ResetReport, step: () => Promise<unknown>): Promise<void> {
    try {
      await step();
    } catch (error) {
      report.errors.push(error);
    }
  }
}

/**
 * removeStoreDirectory deletes `dir` once nothing is mounted inside it. Its content goes first,
 * so that a store on a file system of its own, mounted at `dir`, ends empty rather than failing.
 */
function removeStoreDirectory(dir: string): void {
  unmountUnder(dir);
  for (const name of existingEntries(dir)) {
    rmSync(join(dir, name), { recursive: true, force: true });
  }
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EBUSY') throw error;
  }
  debug('removed %s', dir);
}

function existingEntries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** joinedContainers are the ids of the containers whose namespaces `container` joins. */
function joinedContainers(container: StoredContainer): string[] {
  const modes = [container.options.pid, container.options.ipc];
  return modes.flatMap((mode) => (mode?.startsWith('container:') ? [mode.slice(10)] : []));
}

// A misconfigured root of `/` must never become a recursive delete of the host.
function refuseSystemDirectory(dir: string): void {
  if (resolve(dir) === '/') throw new InvalidArgument(`refusing to reset a store at ${dir}`);
}
