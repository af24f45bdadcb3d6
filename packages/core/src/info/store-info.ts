import createDebug from 'debug';

import type { EngineContext } from '../engine-context.js';
import { VolumePaths } from '../volume/volume-paths.js';
import { binaryVersion } from './binary-version.js';
import type { StoreInfo } from './info-report.js';

const debug = createDebug('skiff:core:info');

/** A driver as info shows it: an empty name when neither configuration nor provider says. */
interface DriverInfo {
  name: string;
  mountProgram?: string;
}

/**
 * storeInfo gathers the `store` section. Containers are counted by the state last recorded,
 * without asking the runtime about each: conmon records every exit, and `info` stays fast.
 * The driver is the image provider's answer, since it chooses one when none is configured.
 */
export async function storeInfo(ctx: EngineContext): Promise<StoreInfo> {
  const { root, runroot } = ctx.environment;
  const driver = await storageDriver(ctx);
  return {
    containerStore: containerCounts(ctx),
    graphDriverName: driver.name,
    graphOptions: await graphOptions(driver),
    graphRoot: root,
    imageStore: { number: count(ctx, 'SELECT COUNT(*) AS n FROM images') },
    runRoot: runroot,
    volumePath: new VolumePaths(root).directory(),
  };
}

async function storageDriver(ctx: EngineContext): Promise<DriverInfo> {
  const configured = { name: ctx.environment.storageDriver ?? '' };
  const provider = await ctx.imageProvider();
  if (provider.storageDriver === undefined) return configured;

  try {
    return await provider.storageDriver();
  } catch (error) {
    debug('the image provider names no storage driver: %s', (error as Error).message);
    return configured;
  }
}

// Podman shows the FUSE program its overlay mounts go through under this key.
async function graphOptions(driver: DriverInfo): Promise<StoreInfo['graphOptions']> {
  const program = driver.mountProgram;
  if (program === undefined) return {};

  const version = await binaryVersion(program);
  return { 'overlay.mount_program': { Executable: program, Version: version } };
}

function containerCounts(ctx: EngineContext): StoreInfo['containerStore'] {
  const rows = ctx.db
    .prepare('SELECT status, COUNT(*) AS n FROM containers GROUP BY status')
    .all() as { status: string; n: number }[];
  const counts = { number: 0, paused: 0, running: 0, stopped: 0 };

  // Podman counts every container that is neither running nor paused as stopped.
  for (const { status, n } of rows) {
    counts.number += n;
    if (status === 'running') counts.running += n;
    else if (status === 'paused') counts.paused += n;
    else counts.stopped += n;
  }
  return counts;
}

function count(ctx: EngineContext, query: string): number {
  return (ctx.db.prepare(query).get() as { n: number }).n;
}
