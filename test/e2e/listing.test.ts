import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { busyboxTarball, REPO, Store, type CommandResult } from './harness.js';
import { PODMAN_INSTALLED, PodmanStore as Podman } from './podman-store.js';

const PODMAN = PODMAN_INSTALLED;
const SKOPEO = spawnSync('skopeo', ['--version']).status === 0;
/** withPodman runs a parity check against podman, skipped where podman is not installed. */
const withPodman = it.skipIf(!PODMAN);

type Run = (args: string[]) => CommandResult;

function succeeded(result: CommandResult): string {
  if (result.code !== 0) throw new Error(`failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

/** Fixtures are the archives both engines load: an image with labels, a one-file tarball. */
interface Fixtures {
  labelled?: string;
  tiny: string;
}

function makeFixtures(dir: string): Fixtures {
  const src = join(dir, 'tiny');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'hello'), 'hi\n');
  const tiny = join(dir, 'tiny.tar');
  execFileSync('tar', ['-C', src, '-cf', tiny, '.']);
  if (!SKOPEO) return { tiny };

  const layout = join(dir, 'layout');
  execFileSync(join(REPO, 'test/fixtures/make-layered-image.sh'), [layout], { stdio: 'ignore' });
  const labelled = join(dir, 'labelled.tar');
  const target = `oci-archive:${labelled}:localhost/labelled:latest`;
  execFileSync('skopeo', ['copy', '-q', `oci:${layout}:latest`, target]);
  return { labelled, tiny };
}

/**
 * populate gives an engine the same images and containers: busybox under two names, a
 * labelled image, a nameless one; c1 created with a label, c2 exited 3, c3 running, c4
 * exited 0 after writing a file, each created after the one before.
 */
function populate(run: Run, fixtures: Fixtures): void {
  succeeded(run(['import', busyboxTarball(), 'localhost/busybox']));
  succeeded(run(['tag', 'localhost/busybox', 'localhost/other/name:v1']));
  if (fixtures.labelled) succeeded(run(['load', '-i', fixtures.labelled]));
  succeeded(run(['import', fixtures.tiny]));

  const image = 'localhost/busybox';
  succeeded(run(['create', '--name', 'c1', '-l', 'tier=web', image, 'true']));
  run(['run', '--name', 'c2', image, 'sh', '-c', 'exit 3']);
  succeeded(run(['run', '-d', '--name', 'c3', image, 'sleep', '1000']));
  const labels = ['-l', 'a=1', '-l', 'b=two'];
  succeeded(run(['run', '--name', 'c4', ...labels, image, 'sh', '-c', 'echo hi > /f']));
}

let store: Store;
let podman: Podman | undefined;
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'skiff-e2e-listing-'));
  const fixtures = makeFixtures(work);
  store = new Store();
  populate((args) => store.skiff(args), fixtures);
  if (PODMAN) {
    podman = new Podman();
    populate(podman.run, fixtures);
  }
});

afterAll(() => {
  store.destroy();
  podman?.destroy();
  rmSync(work, { recursive: true, force: true });
});

const skiff: Run = (args) => store.skiff(args);

/** names lists `ps` rows by container name (or another format), one engine's answer. */
function names(run: Run, args: string[], format = '{{.Names}}'): string[] {
  const out = succeeded(run(['ps', '--format', format, ...args]));
  return out.split('\n').filter(Boolean);
}

function idOf(run: Run, name: string): string {
  return succeeded(run(['ps', '-a', '--no-trunc', '-q', '--filter', `name=^${name}$`])).trim();
}

function imageIdOf(run: Run, name: string): string {
  return succeeded(run(['images', '--no-trunc', '-q', name]))
    .trim()
    .replace('sha256:', '');
}

/** headerCells splits a table's first line into its column headers. */
function headerCells(text: string): string[] {
  return text.split('\n')[0].trim().split(/ {2,}/);
}

/** shape maps a JSON value to the type of each key, for comparing engines' outputs. */
function shape(value: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v,
    ]),
  );
}

describe('ps --filter', () => {
  const cases: [string[], string[]][] = [
    [
      ['--filter', 'name=c'],
      ['c1', 'c2', 'c3', 'c4'],
    ],
    [
      ['--filter', 'name=^c[12]$'],
      ['c1', 'c2'],
    ],
    [
      ['--filter', 'name=c1', '--filter', 'name=c4'],
      ['c1', 'c4'],
    ],
    [
      ['--filter', 'name=c1,name=c2'],
      ['c1', 'c2'],
    ],
    [['--filter', 'label=tier'], ['c1']],
    [['--filter', 'label=a=1', '--filter', 'label=b=two'], ['c4']],
    [['--filter', 'label=a=1', '--filter', 'label=tier'], []],
    [
      ['--filter', 'status=exited'],
      ['c2', 'c4'],
    ],
    [
      ['--filter', 'status=created', '--filter', 'status=running'],
      ['c1', 'c3'],
    ],
    [['--filter', 'exited=3'], ['c2']],
    [['--filter', 'exited=0'], ['c4']],
    [
      ['--filter', 'ancestor=localhost/busybox'],
      ['c1', 'c2', 'c3', 'c4'],
    ],
    [
      ['--filter', 'ancestor=localhost/busybox:latest'],
      ['c1', 'c2', 'c3', 'c4'],
    ],
    [['--filter', 'ancestor=busybox'], []],
    [
      ['--filter', 'before=c3'],
      ['c1', 'c2'],
    ],
    [
      ['--filter', 'since=c2'],
      ['c3', 'c4'],
    ],
    [
      ['--filter', 'since=c1', '--filter', 'status=exited'],
      ['c2', 'c4'],
    ],
    [['--filter', 'restart-policy=none', '--filter', 'name=c1'], ['c1']],
    [['--filter', 'until=2000-01-01'], []],
  ];

  it.each(cases)('selects with %j as Podman does', (filters, expected) => {
    expect(names(skiff, ['-a', ...filters])).toEqual(expected);
    if (podman) expect(names(podman.run, ['-a', ...filters])).toEqual(expected);
  });

  it('matches ids as regular expressions and images by full id', () => {
    const id = idOf(skiff, 'c1');
    expect(names(skiff, ['-a', '--filter', `id=^${id.slice(0, 8)}`])).toEqual(['c1']);
    const image = imageIdOf(skiff, 'localhost/busybox');
    expect(names(skiff, ['-a', '--filter', `ancestor=${image}`])).toHaveLength(4);
    expect(names(skiff, ['-a', '--filter', `ancestor=${image.slice(0, 12)}`])).toEqual([]);
  });

  it('shows running containers only without --all, unless a status filter says otherwise', () => {
    expect(names(skiff, [])).toEqual(['c3']);
    expect(names(skiff, ['--filter', 'name=c'])).toEqual(['c3']);
    expect(names(skiff, ['--filter', 'status=exited'])).toEqual(['c2', 'c4']);
  });

  const bad: [string, string][] = [
    ['bogus=1', 'Error: bogus is an invalid filter\n'],
    ['name', 'Error: invalid filter "name"\n'],
    ['status=Exited', 'Error: unknown container state: Exited: invalid argument\n'],
    [
      'exited=abc',
      `Error: exited code out of range '\\x00': strconv.ParseInt: parsing "abc": invalid syntax\n`,
    ],
    ['before=nothere', 'Error: no container with name or ID "nothere" found: no such container\n'],
    ['restart-policy=bogus', 'Error: bogus invalid restart policy\n'],
  ];

  it.each(bad)('refuses --filter %s with Podman words and status 125', (filter, stderr) => {
    expect(skiff(['ps', '-a', '--filter', filter])).toMatchObject({ code: 125, stderr });
    if (podman)
      expect(podman.run(['ps', '-a', '--filter', filter])).toMatchObject({ code: 125, stderr });
  });
});

describe('ps order and selection', () => {
  const keys = ['command', 'created', 'image', 'names', 'status'];

  it.each(keys)('sorts by %s as Podman does', (key) => {
    const sorted = names(skiff, ['-a', '--sort', key]);
    expect(sorted).toHaveLength(4);
    if (podman) expect(sorted).toEqual(names(podman.run, ['-a', '--sort', key]));
  });

  it('sorts by id and refuses an unknown key in Podman words', () => {
    const byId = ['c1', 'c2', 'c3', 'c4'].sort((a, b) =>
      idOf(skiff, a) < idOf(skiff, b) ? -1 : 1,
    );
    expect(names(skiff, ['-a', '--sort', 'id'])).toEqual(byId);
    const stderr =
      'Error: invalid argument "Names" for "--sort" flag: "Names" is not a valid value.  ' +
      'Choose from: "command, created, id, image, names, runningfor, size, status"\n';
    expect(skiff(['ps', '--sort', 'Names'])).toMatchObject({ code: 125, stderr });
  });

  it('takes the last created containers with --last and -n, and the latest with -l', () => {
    expect(names(skiff, ['--last', '2'])).toEqual(['c3', 'c4']);
    expect(names(skiff, ['-n', '1'])).toEqual(['c4']);
    expect(names(skiff, ['-l'])).toEqual(['c4']);
    expect(names(skiff, ['--last', '2', '--filter', 'status=exited'])).toEqual(['c2', 'c4']);
    expect(names(skiff, ['-l', '--filter', 'name=c1'])).toEqual(['c1']);
  });

  it('prints the header only once asked, and full ids with --no-trunc', () => {
    const plain = succeeded(skiff(['ps', '-a'])).split('\n');
    expect(plain[0]).toMatch(
      /^CONTAINER ID {2}IMAGE {4,}COMMAND {2,}CREATED {2,}STATUS {2,}PORTS {7}NAMES$/,
    );
    expect(succeeded(skiff(['ps', '-a', '--noheading'])).split('\n')[0]).toMatch(
      /^[0-9a-f]{12} {2}/,
    );
    expect(succeeded(skiff(['ps', '-a', '--no-trunc'])).split('\n')[1]).toMatch(
      /^[0-9a-f]{64} {2}/,
    );
  });
});

describe('ps --size', () => {
  it('adds a SIZE column of the written bytes and the image files', () => {
    const table = succeeded(skiff(['ps', '-a', '--size']));
    expect(headerCells(table).at(-1)).toBe('SIZE');
    const sizes = names(skiff, ['-a', '--size'], '{{.Names}} {{.Size}}');
    for (const line of sizes)
      expect(line).toMatch(/^c\d \d+(\.\d+)?[kMG]?B \(virtual [\d.]+[kMG]?B\)$/);

    const [c1] = JSON.parse(
      succeeded(skiff(['ps', '-a', '-s', '--format', 'json', '-f', 'name=c1'])),
    );
    const [c4] = JSON.parse(
      succeeded(skiff(['ps', '-a', '-s', '--format', 'json', '-f', 'name=c4'])),
    );
    expect(c1.Size.rwSize).toBe(0);
    expect(c4.Size.rwSize).toBeGreaterThanOrEqual(3);
    expect(c4.Size.rootFsSize).toBeGreaterThan(1_000_000);
  });

  withPodman('measures the image files as Podman does (needs podman)', () => {
    const virtual = (run: Run) =>
      names(run, ['-a', '-s', '-f', 'name=c1'], '{{.Size}}')[0].replace(/^.*\(/, '');
    expect(virtual(skiff)).toBe(virtual(podman!.run));
  });
});

describe('ps --format', () => {
  it('applies a Go template to each row with Podman field names', () => {
    const lines = names(skiff, ['-a'], '{{.ID}} {{.Names}} {{.State}} {{.Labels}}');
    expect(lines).toEqual([
      expect.stringMatching(/^[0-9a-f]{12} c1 Created map\[tier:web\]$/),
      expect.stringMatching(/^[0-9a-f]{12} c2 Exited \(3\) .* ago map\[\]$/),
      expect.stringMatching(/^[0-9a-f]{12} c3 Up .* ago map\[\]$/),
      expect.stringMatching(/^[0-9a-f]{12} c4 Exited \(0\) .* ago map\[a:1 b:two\]$/),
    ]);
  });

  it('heads a table format as Podman, and refuses an unknown field in its words', () => {
    const table = succeeded(skiff(['ps', '-a', '--format', 'table {{.ID}}\\t{{.Names}}']));
    expect(table.split('\n')[0]).toBe('CONTAINER ID  NAMES');
    const failed = skiff(['ps', '-a', '--format', '{{.Bogus}}']);
    expect(failed.code).toBe(125);
    expect(failed.stderr).toMatch(/can't evaluate field Bogus in type containers\.psReporter\n$/);
  });

  withPodman('prints the same table headers as Podman for the same format (needs podman)', () => {
    const formats = [
      'table {{.ID}}\\t{{.Names}}',
      'table {{.ID}} {{.Image}} {{.Command}} {{.CreatedAt}} {{.RunningFor}} {{.Status}}',
      'table {{.State}} {{.Ports}} {{.Labels}} {{.Mounts}} {{.Pod}} {{.PodName}} {{.Networks}}',
      'table {{.ImageID}} {{.ExitCode}} {{.CreatedHuman}} {{.Created}} {{.Pid}} {{.AutoRemove}}',
      'table {{.Size}} {{.Namespaces.PIDNS}}',
    ];
    for (const format of formats) {
      const ours = succeeded(skiff(['ps', '-a', '-s', '--format', format]));
      const theirs = podman!.run(['ps', '-a', '-s', '--format', format]).stdout;
      expect(headerCells(ours)).toEqual(headerCells(theirs));
    }
  });

  withPodman('prints JSON with Podman keys and value types (needs podman)', () => {
    const ours = succeeded(skiff(['ps', '-a', '--format', 'json']));
    const theirs = succeeded(podman!.run(['ps', '-a', '--format', 'json']));
    const [a, b] = [JSON.parse(ours), JSON.parse(theirs)];
    expect(a.map(shape)).toEqual(b.map(shape));
    expect(a.map((c: { Labels: unknown }) => c.Labels)).toEqual(
      b.map((c: { Labels: unknown }) => c.Labels),
    );
    expect(ours).toContain('    "Namespaces": {\n      \n    },\n');
    expect(theirs).toContain('    "Namespaces": {\n      \n    },\n');
  });
});

/** rows lists `images` rows as `repository:tag`. */
function rows(run: Run, args: string[]): string[] {
  const out = succeeded(run(['images', '--format', '{{.Repository}}:{{.Tag}}', ...args]));
  return out.split('\n').filter(Boolean);
}

describe('images --filter', () => {
  const labelled = SKOPEO ? ['localhost/labelled:latest'] : [];
  const busybox = ['localhost/busybox:latest', 'localhost/other/name:v1'];
  const cases: [string[], string[]][] = [
    [
      ['--filter', 'reference=localhost/*'],
      [...labelled, ...busybox],
    ],
    [['--filter', 'reference=busybox'], busybox],
    [['--filter', 'reference=other/name:v1'], busybox],
    [['localhost/other/name'], busybox],
    [['--filter', 'reference!=busybox', '--filter', 'dangling=false'], labelled],
    [['--filter', 'dangling=true'], ['<none>:<none>']],
    [['--filter', 'label=fixture=layered'], labelled],
    [['--filter', 'label!=fixture', '--filter', 'dangling=false'], busybox],
    [['--filter', 'containers=true'], busybox],
  ];

  it.each(cases)('selects with %j as Podman does', (args, expected) => {
    expect(rows(skiff, args).sort()).toEqual([...expected].sort());
    if (podman) expect(rows(podman.run, args).sort()).toEqual([...expected].sort());
  });

  it('compares creation times with before and since', () => {
    expect(rows(skiff, ['--filter', 'since=localhost/busybox'])).toEqual(['<none>:<none>']);
    expect(rows(skiff, ['--filter', 'before=localhost/busybox'])).toEqual(labelled);
  });

  const bad: [string, string][] = [
    ['bogus=1', 'Error: unsupported image filter "bogus"\n'],
    [
      'dangling',
      'Error: invalid image filter "dangling": must be in the format "filter=value or filter!=value"\n',
    ],
    [
      'dangling=maybe',
      'Error: non-boolean value "dangling" for maybe filter: strconv.ParseBool: parsing "maybe": invalid syntax\n',
    ],
    [
      'before=nothere',
      'Error: could not find local image for filter filter "before"="nothere": nothere: image not known\n',
    ],
    [
      'intermediate=true',
      'Error: specifying "intermediate" filter more than once with different values is not supported\n',
    ],
  ];

  it.each(bad)('refuses --filter %s with Podman words and status 125', (filter, stderr) => {
    expect(skiff(['images', '--filter', filter])).toMatchObject({ code: 125, stderr });
    if (podman)
      expect(podman.run(['images', '--filter', filter])).toMatchObject({ code: 125, stderr });
  });
});

describe('images order and format', () => {
  it.each(['tag', 'repository', 'id', 'created', 'size'])('sorts by %s', (key) => {
    const sorted = rows(skiff, ['--sort', key]);
    expect(sorted).toHaveLength(SKOPEO ? 4 : 3);
    if (key === 'tag')
      expect(sorted.map((row) => row.split(':')[1])).toEqual(
        [...sorted.map((row) => row.split(':')[1])].sort(),
      );
  });

  withPodman('sorts by tag and repository as Podman does (needs podman)', () => {
    for (const key of ['tag', 'repository']) {
      expect(rows(skiff, ['--sort', key])).toEqual(rows(podman!.run, ['--sort', key]));
    }
  });

  it('refuses an unknown sort key in Podman words', () => {
    expect(skiff(['images', '--sort', 'bogus'])).toMatchObject({
      code: 125,
      stderr:
        'Error: "bogus" is not a valid field for sorting. Choose from: tag, created, id, repository, size\n',
    });
  });

  it('prints each id once with -q, and tables without headers or with digests', () => {
    const ids = succeeded(skiff(['images', '-q']))
      .split('\n')
      .filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(SKOPEO ? 3 : 2);
    expect(succeeded(skiff(['images', '--noheading'])).split('\n')[0]).not.toMatch(/^REPOSITORY/);
    expect(headerCells(succeeded(skiff(['images', '--digests'])))).toEqual([
      'REPOSITORY',
      'TAG',
      'DIGEST',
      'IMAGE ID',
      'CREATED',
      'SIZE',
    ]);
    expect(succeeded(skiff(['images', '--no-trunc'])).split('\n')[1]).toMatch(
      / sha256:[0-9a-f]{64} /,
    );
  });

  it('applies templates with Podman field names', () => {
    const format = '{{.Repository}} {{.Size}} {{.Created}} {{.Names}}';
    const lines = succeeded(skiff(['images', '--format', format])).split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(/^localhost\/busybox \d\.\d\d MB .* ago \[localhost\/busybox:latest /),
    );
  });

  withPodman('prints the same table headers and JSON keys as Podman (needs podman)', () => {
    const format =
      'table {{.ID}} {{.Repository}} {{.Tag}} {{.Digest}} {{.CreatedAt}} {{.CreatedSince}} ' +
      '{{.Size}} {{.Created}} {{.ReadOnly}} {{.ParentId}} {{.VirtualSize}} {{.Containers}}';
    const ours = succeeded(skiff(['images', '--format', format]));
    expect(headerCells(ours)).toEqual(
      headerCells(podman!.run(['images', '--format', format]).stdout),
    );

    const named = (run: Run) =>
      JSON.parse(succeeded(run(['images', '--format', 'json', 'localhost/busybox'])));
    expect(named(skiff).map(shape)).toEqual(named(podman!.run).map(shape));
    const dangling = (run: Run) =>
      JSON.parse(succeeded(run(['images', '--format', 'json', '--filter', 'dangling=true'])));
    expect(dangling(skiff).map(shape)).toEqual(dangling(podman!.run).map(shape));
  });
});
