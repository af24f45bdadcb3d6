import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ENGINE_API_VERSION } from '@skiff/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  busyboxTarball,
  mountsUnder,
  REPO,
  Store,
  waitFor,
  type CommandResult,
} from './harness.js';

const PODMAN = spawnSync('podman', ['--version']).status === 0;
/** withPodman runs a parity check against podman, skipped where podman is not installed. */
const withPodman = it.skipIf(!PODMAN);
const QUESTION = 'Are you sure you want to continue? [y/N] ';
// What podman needs on this host to run a container: rlimits under the hard limit, no network.
const PODMAN_RUN = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];

type Run = (args: string[], input?: string) => CommandResult;

/** Podman is a podman store in a temp directory, for comparing output shapes. */
class Podman {
  readonly dir = mkdtempSync(join(tmpdir(), 'skiff-e2e-podman-'));

  run: Run = (args, input = '') => {
    const [verb] = args;
    const extra = verb === 'run' || verb === 'create' ? [...PODMAN_RUN, '--network', 'none'] : [];
    const global = ['--root', join(this.dir, 'root'), '--runroot', join(this.dir, 'run')];
    const result = spawnSync(
      'podman',
      [
        ...global,
        '--tmpdir',
        join(this.dir, 'tmp'),
        '--runtime',
        'runc',
        verb,
        ...extra,
        ...args.slice(1),
      ],
      { encoding: 'utf8', input, timeout: 120_000 },
    );
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  };

  destroy(): void {
    this.run(['rm', '-a', '-f', '-t', '0']);
    for (const point of mountsUnder(this.dir)) spawnSync('umount', ['-l', point]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** tinyTarball is a one-file root file system, for an image no container uses. */
function tinyTarball(dir: string): string {
  const src = join(dir, 'tiny');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'hello'), 'hi\n');
  const tarball = join(dir, 'tiny.tar');
  spawnSync('tar', ['-C', src, '-cf', tarball, '.']);
  return tarball;
}

/**
 * populate makes the same store in skiff or podman: an exited container that wrote 2345 kB
 * and 1500 kB into the volume `used`, a created one, a running one (which SIGTERM does not
 * stop), an unused volume holding 777 kB, and an image (`localhost/tiny`) no container uses.
 */
function populate(run: Run, work: string): void {
  const steps = [
    ['import', busyboxTarball(), 'localhost/busybox'],
    ['import', tinyTarball(work), 'localhost/tiny'],
    ['volume', 'create', 'used'],
    ['volume', 'create', 'unused'],
    ['run', '--name', 'c1', '-v', 'used:/data', 'localhost/busybox', 'sh', '-c', WRITES],
    ['run', '--rm', '-v', 'unused:/d', 'localhost/busybox', 'dd', ...dd('/d/f', 777)],
    ['create', '--name', 'c2', 'localhost/busybox', 'true'],
    ['run', '-d', '--name', 'c3', '--stop-timeout', '2', 'localhost/busybox', 'sleep', '1000'],
  ];
  for (const step of steps) {
    const result = run(step);
    if (result.code !== 0) throw new Error(`${step.join(' ')}: ${result.stderr}`);
  }
}

const WRITES = `dd ${dd('/data/f', 1500).join(' ')} 2>/dev/null; dd ${dd('/big', 2345).join(' ')}`;

function dd(file: string, kilobytes: number): string[] {
  return ['if=/dev/zero', `of=${file}`, 'bs=1000', `count=${kilobytes}`];
}

/** afterQuestion is what a command printed once it had asked for confirmation. */
function afterQuestion(stdout: string): string {
  const at = stdout.indexOf(QUESTION);
  return at < 0 ? stdout : stdout.slice(at + QUESTION.length);
}

/** columns splits a table line into its cells, which at least two spaces separate. */
function columns(line: string): string[] {
  return line.trim().split(/ {2,}/);
}

/** shape is a `system df -v` output's section titles and table headers, cell by cell. */
function shape(text: string): string[][] {
  const lines = text.split('\n');
  return lines
    .map((line, i) => (line.endsWith(':') || lines[i - 2]?.endsWith(':') ? columns(line) : []))
    .filter((cells) => cells.length > 0 && cells[0] !== '');
}

function succeeded(result: CommandResult): string {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

function lines(text: string): string[] {
  return text.split('\n').filter(Boolean);
}

describe('skiff version', () => {
  const store = new Store();
  afterAll(() => store.destroy());
  const version = JSON.parse(readFileSync(join(REPO, 'packages/cli/package.json'), 'utf8'))
    .version as string;

  it("prints the client section in podman version's layout, Node in place of Go", () => {
    const text = succeeded(store.skiff(['version']));

    expect(lines(text).map((line) => line.slice(0, 14))).toEqual([
      'Client:       ',
      'Version:      ',
      'API Version:  ',
      'Node Version: ',
      'Built:        ',
      'OS/Arch:      ',
    ]);
    expect(text).toContain(`Client:       Skiff Engine\nVersion:      ${version}\n`);
    expect(text).toContain(`API Version:  ${ENGINE_API_VERSION}\n`);
    expect(text).toMatch(
      /\nBuilt: {8}\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\nOS\/Arch: {6}linux\//,
    );
  });

  it('prints {"Client": ...} on one line for --format json, with what the text shows', () => {
    const client = JSON.parse(succeeded(store.skiff(['version', '--format', 'json']))).Client;

    expect(client).toMatchObject({ Version: version, APIVersion: ENGINE_API_VERSION, Os: 'linux' });
    expect(client.NodeVersion).toBe(process.version);
    expect(
      succeeded(store.skiff(['version'])).includes(`Built:        ${client.BuiltTime}\n`),
    ).toBe(true);
  });

  it('applies a Go template --format to {Client: ...}', () => {
    expect(succeeded(store.skiff(['version', '--format', '{{.Client.Version}}']))).toBe(
      `${version}\n`,
    );
    const bad = store.skiff(['version', '--format', '{{.Client.GoVersion}}']);
    expect(bad.code).toBe(125);
    expect(bad.stderr).toMatch(/^Error: template: version:1:\d+: executing "version" at /);
  });

  withPodman("uses podman's keys, NodeVersion where podman has GoVersion (needs podman)", () => {
    const podman = new Podman();
    try {
      const theirs = Object.keys(
        JSON.parse(succeeded(podman.run(['version', '-f', 'json']))).Client,
      );
      const ours = Object.keys(
        JSON.parse(succeeded(store.skiff(['version', '-f', 'json']))).Client,
      );

      expect(ours).toEqual(theirs.map((key) => (key === 'GoVersion' ? 'NodeVersion' : key)));
    } finally {
      podman.destroy();
    }
  });
});

describe('skiff system df', () => {
  let store: Store;
  beforeAll(() => {
    store = new Store();
    populate((args) => store.skiff(args), store.dir);
  });
  afterAll(() => store.destroy());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function totals(): Record<string, any> {
    const rows = JSON.parse(succeeded(store.skiff(['system', 'df', '--format', 'json'])));
    return Object.fromEntries(rows.map((row: { Type: string }) => [row.Type, row]));
  }

  it('counts and measures images, containers and volumes consistently', () => {
    const { Images, Containers, 'Local Volumes': volumes } = totals();

    expect(Images).toMatchObject({ Total: 2, Active: 1 });
    expect(Images.Reclaimable).toBeGreaterThan(0);
    expect(Images.Size).toBeGreaterThan(2_000_000 + Images.Reclaimable);
    expect(Containers).toMatchObject({ Total: 3, Active: 1 });
    expect(Containers.Reclaimable).toBeGreaterThanOrEqual(2_345_000);
    expect(Containers.Size).toBeLessThan(2_400_000);
    expect(volumes).toEqual({
      Type: 'Local Volumes',
      Total: 2,
      Active: 1,
      Size: 2_277_000,
      Reclaimable: 777_000,
    });
  });

  it("prints podman's table with human sizes and reclaimable shares", () => {
    const table = lines(succeeded(store.skiff(['system', 'df'])));

    expect(table[0]).toBe('TYPE           TOTAL       ACTIVE      SIZE        RECLAIMABLE');
    expect(columns(table[1])).toEqual([
      'Images',
      '2',
      '1',
      expect.stringMatching(/^2\.1\d\dMB$/),
      expect.stringMatching(/^\d+(\.\d+)?kB \(0%\)$/),
    ]);
    expect(columns(table[2])).toEqual(['Containers', '3', '1', '2.345MB', '2.345MB (100%)']);
    expect(table[3]).toBe('Local Volumes  2           1           2.277MB     777kB (34%)');
  });

  it("applies a Go template to each total, {{json .}} giving podman 4.3's raw sizes", () => {
    const text = succeeded(store.skiff(['system', 'df', '--format', '{{json .}}']));
    const rows = lines(text).map((line) => JSON.parse(line));
    expect(rows.map((row) => Object.keys(row))).toEqual(
      Array(3).fill(['Type', 'Total', 'Active', 'Size', 'Reclaimable']),
    );
    expect(rows[2]).toMatchObject({ Size: 2_277_000, Reclaimable: 777_000 });

    const table = succeeded(
      store.skiff(['system', 'df', '--format', 'table {{.Type}}\t{{.Size}}']),
    );
    expect(lines(table)).toEqual([
      'TYPE           SIZE',
      expect.stringMatching(/^Images {9}2\.1/),
      'Containers     2.345MB',
      'Local Volumes  2.277MB',
    ]);
  });

  it('lists every image, container and volume with -v', () => {
    const text = succeeded(store.skiff(['system', 'df', '-v']));
    const rows = lines(text).map(columns);
    const row = (first: string) => rows.find((cells) => cells.includes(first)) ?? [];

    expect(row('localhost/busybox')).toEqual(expect.arrayContaining(['latest', '3']));
    expect(row('localhost/tiny').at(-1)).toBe('0');
    expect(row('c1')).toEqual(expect.arrayContaining(['1', '2.345MB', 'exited']));
    expect(row('c2')).toEqual(expect.arrayContaining(['0', '0B', 'created', 'true']));
    expect(row('c3')).toEqual(expect.arrayContaining(['sleep 1000', 'running']));
    expect(row('used')).toEqual(['used', '1', '1.5MB']);
    expect(row('unused')).toEqual(['unused', '0', '777kB']);
  });

  withPodman(
    'prints the same headers and sections as podman, and an empty store alike (needs podman)',
    () => {
      const podman = new Podman();
      const empty = new Store();
      try {
        for (const args of [
          ['system', 'df'],
          ['system', 'df', '-v'],
        ]) {
          expect(succeeded(empty.skiff(args))).toBe(succeeded(podman.run(args)));
        }
        populate(podman.run, podman.dir);
        const theirs = succeeded(podman.run(['system', 'df', '-v']));
        expect(shape(succeeded(store.skiff(['system', 'df', '-v'])))).toEqual(shape(theirs));
        const firstColumn = (text: string) => lines(text).map((line) => columns(line)[0]);
        expect(firstColumn(succeeded(store.skiff(['system', 'df'])))).toEqual(
          firstColumn(succeeded(podman.run(['system', 'df']))),
        );
      } finally {
        empty.destroy();
        podman.destroy();
      }
    },
  );
});

describe('skiff system prune', () => {
  let store: Store | undefined;
  afterEach(() => store?.destroy());

  function populated(): Store {
    store = new Store();
    const s = store;
    populate((args) => s.skiff(args), s.dir);
    return s;
  }

  it('answering n, or nothing before the input ends, removes nothing', () => {
    const s = populated();
    const result = s.skiff(['system', 'prune', '--volumes'], { input: 'n\n' });

    expect(succeeded(result)).toBe(
      'WARNING! This command removes:\n\t- all stopped containers\n' +
        '\t- all volumes not used by at least one container\n\t- all dangling images\n\n' +
        QUESTION,
    );
    const cut = s.skiff(['system', 'prune'], { input: 'y' });
    expect(cut).toMatchObject({ code: 125, stderr: 'Error: EOF\n' });
    expect(containers(s)).toEqual(['c1', 'c2', 'c3']);
    expect(volumes(s)).toEqual(['unused', 'used']);
  });

  it('answering y removes stopped containers, then the volumes they left unused', () => {
    const s = populated();
    const stopped = ['c1', 'c2'].map((name) => idOf(s, 'container', name)).sort();
    const result = s.skiff(['system', 'prune', '--volumes'], { input: 'y\n' });

    const report = afterQuestion(succeeded(result)).split('\n');
    expect(report[0]).toBe('Deleted Containers');
    expect(report.slice(1, 3).sort()).toEqual(stopped);
    expect(report.slice(3)).toEqual([
      'Deleted Volumes',
      'unused',
      'used',
      'Total reclaimed space: 4.622MB',
      '',
    ]);
    expect(containers(s)).toEqual(['c3']);
    expect(volumes(s)).toEqual([]);
    expect(images(s)).toEqual(['localhost/busybox', 'localhost/tiny']);
  });

  it('-f prunes without asking, and leaves volumes alone without --volumes', () => {
    const s = populated();
    const text = succeeded(s.skiff(['system', 'prune', '-f']));

    expect(text).toMatch(
      /^Deleted Containers\n([0-9a-f]{64}\n){2}Total reclaimed space: 2\.345MB\n$/,
    );
    expect(volumes(s)).toEqual(['unused', 'used']);
  });

  it('-a removes every image no container uses, and the question says so', () => {
    const s = populated();
    const tiny = idOf(s, 'image', 'localhost/tiny');
    const result = s.skiff(['system', 'prune', '-a'], { input: 'yes\n' });

    expect(succeeded(result)).toContain(
      '\t- all images without at least one container associated with them\n\n',
    );
    expect(afterQuestion(result.stdout)).toContain(`\nDeleted Images\n${tiny}\n`);
    expect(images(s)).toEqual(['localhost/busybox']);
  });

  withPodman("asks in podman's words and reports in podman's sections (needs podman)", () => {
    const s = populated();
    const podman = new Podman();
    try {
      populate(podman.run, podman.dir);
      const theirs = podman.run(['system', 'prune', '-a', '--volumes'], 'y\n').stdout;
      const ours = s.skiff(['system', 'prune', '-a', '--volumes'], { input: 'y\n' }).stdout;

      // Podman asks about networks and build cache too, which Skiff does not have.
      expect(asked(theirs)).toEqual(expect.arrayContaining(asked(ours)));
      expect(ours.endsWith(QUESTION) || ours.includes(`\n\n${QUESTION}`)).toBe(true);
      expect(titles(ours)).toEqual(titles(theirs));
    } finally {
      podman.destroy();
    }
  });
});

describe('skiff system reset', () => {
  let store: Store | undefined;
  afterEach(() => store?.destroy());

  function populated(): Store {
    store = new Store();
    const s = store;
    populate((args) => s.skiff(args), s.dir);
    return s;
  }

  it('answering n keeps everything', () => {
    store = new Store();
    const s = store;
    s.importBusybox();
    succeeded(s.skiff(['create', '--name', 'c1', '-v', 'used:/data', 'localhost/busybox', 'true']));
    const result = s.skiff(['system', 'reset'], { input: 'n\n' });

    expect(succeeded(result)).toBe(
      'WARNING! This will remove:\n        - all containers\n        - all images\n' +
        '        - all volumes\n' +
        `        - the graphRoot directory: "${s.root}"\n` +
        `        - the runRoot directory: "${s.runroot}"\n${QUESTION}`,
    );
    expect(containers(s)).toEqual(['c1']);
    expect(images(s)).toEqual(['localhost/busybox']);
    expect(volumes(s)).toEqual(['used']);
  });

  it('-f stops and removes everything, leaving no process, mount or file of the store', async () => {
    const s = populated();
    const ids = ['c1', 'c2', 'c3'].map((name) => idOf(s, 'container', name));
    writeFileSync(join(s.dir, 'beside-the-store'), 'kept\n');
    const result = s.skiff(['system', 'reset', '-f']);

    // c3's sleep ignores SIGTERM, so the stop gives way to SIGKILL with podman's warning.
    expect(result.stderr).toMatch(/msg="StopSignal SIGTERM failed to stop container c3 in 2 s/);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    await waitFor('the store to have no processes', () => s.processes(ids).length === 0);
    expect(existsSync(s.root)).toBe(false);
    expect(existsSync(s.runroot)).toBe(false);
    expect(mountsUnder(s.dir)).toEqual([]);
    expect(readFileSync(join(s.dir, 'beside-the-store'), 'utf8')).toBe('kept\n');

    expect(lines(succeeded(s.skiff(['ps', '-a'])))).toHaveLength(1);
    expect(lines(succeeded(s.skiff(['images'])))).toHaveLength(1);
    expect(volumes(s)).toEqual([]);
  });

  withPodman("asks in podman's words, naming the same directories (needs podman)", () => {
    store = new Store();
    const s = store;
    const podman = new Podman();
    try {
      const theirs = podman.run(['system', 'reset'], 'n\n');
      const ours = s.skiff(['system', 'reset'], { input: 'n\n' });

      const generic = (text: string, dir: string) => asked(text.replaceAll(dir, 'DIR'));
      expect(generic(theirs.stdout, podman.dir)).toEqual(
        expect.arrayContaining(generic(ours.stdout, s.dir)),
      );
      expect(theirs.stdout.endsWith(`\n${QUESTION}`)).toBe(ours.stdout.endsWith(`\n${QUESTION}`));
    } finally {
      podman.destroy();
    }
  });
});

/** asked is the warning before the question, line by line. */
function asked(stdout: string): string[] {
  return lines(stdout.slice(0, stdout.indexOf(QUESTION)));
}

/** titles are a prune report's section titles and its total, without the figures. */
function titles(stdout: string): string[] {
  return lines(afterQuestion(stdout))
    .filter((line) => /^(Deleted|Total)/.test(line))
    .map((line) => line.replace(/: .*/, ''));
}

/** containers are the names `ps -a` lists, from its last column. */
function containers(s: Store): string[] {
  const rows = lines(succeeded(s.skiff(['ps', '-a']))).slice(1);
  return rows.map((row) => columns(row).at(-1) ?? '').sort();
}

function volumes(s: Store): string[] {
  return lines(succeeded(s.skiff(['volume', 'ls', '-q']))).sort();
}

/** images are the repositories `images` lists, from its first column. */
function images(s: Store): string[] {
  const rows = lines(succeeded(s.skiff(['images']))).slice(1);
  return rows.map((row) => columns(row)[0] ?? '').sort();
}

function idOf(s: Store, kind: 'container' | 'image', name: string): string {
  return JSON.parse(succeeded(s.skiff([kind, 'inspect', name])))[0].Id.replace(/^sha256:/, '');
}
