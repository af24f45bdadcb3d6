import { spawn, spawnSync } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { finished, Store } from './harness.js';

const IMAGE = 'localhost/busybox';
const LEVEL = /^s0:c(\d+),c(\d+)$/;
const PRIVILEGED_LEVEL = 's0:c1022,c1023';

// Each test runs for about a minute on two busy cores; a loaded host may need twice that.
const CONCURRENT_TIMEOUT = 240_000;

/** Reservation is one row of the engine's mcs_levels table. */
interface Reservation {
  owner: string;
  level: string;
  exclusive: number;
}

/** levelOf returns the MCS level of a label such as `system_u:system_r:container_t:s0:c1,c2`. */
function levelOf(label: string): string {
  return label.split(':').slice(3).join(':');
}

/**
 * repeat runs `skiff <args>` in one shell worker, one run after another, so that several
 * workers give real concurrency between engine processes. `runs` is either a count of identical
 * runs, or words (ids, say) each appended to the command of one run.
 */
function repeat(store: Store, args: string[], runs: number | readonly string[]) {
  const script =
    typeof runs === 'number'
      ? 'for i in $(seq "$RUNS"); do "$@" || exit $?; done'
      : 'for word in $RUNS; do "$@" "$word" || exit $?; done';
  const child = spawn('sh', ['-c', script, 'sh', ...store.commandLine(args)], {
    env: {
      ...process.env,
      CONTAINERS_CONF: store.conf,
      RUNS: typeof runs === 'number' ? String(runs) : runs.join(' '),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return finished(child);
}

function byOwner<T extends { owner: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.owner.localeCompare(b.owner));
}

function lines(text: string): string[] {
  return text.split('\n').filter(Boolean);
}

describe('MCS level reservations across concurrent engine processes', () => {
  let store: Store;
  let ids: string[] = [];

  beforeAll(() => {
    store = new Store('[skiff]\nlabel_provider = "selinux"\n');
    store.importBusybox();
  });
  afterAll(() => store.destroy());

  /** levels maps each container to its process and mount levels, read by one inspect. */
  function levels(of: string[]): Map<string, { process: string; mount: string }> {
    // Store.skiff keeps spawnSync's 1 MiB output limit, which 200 containers' JSON passes.
    const [command, ...args] = store.commandLine(['inspect', ...of]);
    const result = spawnSync(command, args, {
      encoding: 'utf8',
      env: { ...process.env, CONTAINERS_CONF: store.conf },
      maxBuffer: 64 << 20,
    });
    expect(result).toMatchObject({ status: 0, stderr: '' });

    const inspected = JSON.parse(result.stdout) as {
      Id: string;
      ProcessLabel: string;
      MountLabel: string;
    }[];
    return new Map(
      inspected.map((c) => [
        c.Id,
        { process: levelOf(c.ProcessLabel), mount: levelOf(c.MountLabel) },
      ]),
    );
  }

  function reservations(): Reservation[] {
    return store.sql<Reservation>('SELECT owner, level, exclusive FROM mcs_levels');
  }

  // Every container holds exactly one exclusive row, for the level its labels carry, and
  // nothing else is held.
  function expectReservationsMatch(containers: string[]): void {
    const byContainer = levels(containers);
    const expected = containers.map((owner) => {
      return { owner, level: byContainer.get(owner)?.process, exclusive: 1 };
    });
    const rows = reservations();

    expect(byOwner(rows)).toEqual(byOwner(expected));
    expect(new Set(rows.map((row) => row.level)).size).toBe(rows.length);
  }

  it(
    'gives 200 containers created by 8 concurrent processes 200 distinct levels',
    async () => {
      const workers = await Promise.all(
        Array.from({ length: 8 }, () => repeat(store, ['create', IMAGE, 'true'], 25)),
      );
      for (const worker of workers) expect(worker).toMatchObject({ code: 0, stderr: '' });
      ids = workers.flatMap((worker) => lines(worker.stdout));
      expect(ids).toHaveLength(200);

      const byContainer = levels(ids);
      expect(byContainer.size).toBe(200);
      for (const { process, mount } of byContainer.values()) {
        const [, low, high] = LEVEL.exec(process) ?? [];
        expect(mount).toBe(process);
        expect(process).not.toBe(PRIVILEGED_LEVEL);
        expect(Number(low)).toBeLessThan(Number(high));
        expect(Number(high)).toBeLessThanOrEqual(1023);
      }
      expect(new Set([...byContainer.values()].map((c) => c.process)).size).toBe(200);
      expectReservationsMatch(ids);
    },
    CONCURRENT_TIMEOUT,
  );

  it(
    'neither loses nor duplicates a reservation when removals and creates overlap',
    async () => {
      const removed = ids.slice(0, 50);
      const [removing, creating] = await Promise.all([
        repeat(store, ['rm'], removed),
        repeat(store, ['create', IMAGE, 'true'], 50),
      ]);

      expect(removing).toMatchObject({ code: 0, stderr: '' });
      expect(lines(removing.stdout)).toEqual(removed);
      expect(creating).toMatchObject({ code: 0, stderr: '' });
      ids = [...ids.slice(50), ...lines(creating.stdout)];
      expect(ids).toHaveLength(200);

      expect(lines(store.skiff(['ps', '-aq', '--no-trunc']).stdout).sort()).toEqual(
        [...ids].sort(),
      );
      expectReservationsMatch(ids);
    },
    CONCURRENT_TIMEOUT,
  );

  it('leaves no reservation behind once every container is removed', () => {
    const result = store.skiff(['rm', ...ids]);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(reservations()).toEqual([]);
  });
});
