import type { EngineContext } from '../engine-context.js';
import { VolumePaths } from '../volume/volume-paths.js';
import type { StoreInfo } from './info-report.js';

/**
 * storeInfo gathers the `store` section. Containers are counted by the state last recorded,
 * without asking the runtime about each: conmon records every exit, and `info` stays fast.
 */
export function storeInfo(ctx: EngineContext): StoreInfo {
  const { root, runroot, storageDriver } = ctx.environment;
  return {
    containerStore: containerCounts(ctx),
    graphDriverName: storageDriver ?? '',
    graphRoot: root,
    imageStore: { number: count(ctx, 'SELECT COUNT(*) AS n FROM images') },
    runRoot: runroot,
    volumePath: new VolumePaths(root).directory(),
  };
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
