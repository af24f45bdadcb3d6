import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { busyboxTarball, Store, type CommandResult } from './harness.js';
import { PODMAN_INSTALLED, PodmanStore as Podman } from './podman-store.js';

// `--format` on inspect, image inspect, volume ls/inspect, info, history, events and plugin ls:
// templates, json, `table` where Podman takes it, and Podman's words for a bad template. Where
// podman is installed the same commands run against a podman store filled the same way.

const PODMAN = PODMAN_INSTALLED;
/** withPodman runs a parity check against podman, skipped where podman is not installed. */
const withPodman = it.skipIf(!PODMAN);

type Run = (args: string[]) => CommandResult;

function succeeded(result: CommandResult): string {
  if (result.code !== 0) throw new Error(`failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

const IMAGE = 'localhost/busybox';

/** populate gives an engine a labelled created container c1, c2 exited 3, a volume v1. */
function populate(run: Run): void {
  succeeded(run(['import', busyboxTarball(), IMAGE]));
  succeeded(run(['create', '--name', 'c1', '--label', 'foo=bar', IMAGE, 'true']));
  expect(run(['run', '--name', 'c2', IMAGE, 'sh', '-c', 'exit 3']).code).toBe(3);
  succeeded(run(['volume', 'create', '--label', 'a=b', 'v1']));
}

let store: Store;
let podman: Podman | undefined;
let since: string;

beforeAll(() => {
  since = new Date(Date.now() - 1000).toISOString();
  store = new Store();
  populate((args) => store.skiff(args));
  if (PODMAN) {
    podman = new Podman();
    populate(podman.run);
  }
});

afterAll(() => {
  store.destroy();
  podman?.destroy();
});

const skiff: Run = (args) => store.skiff(args);

/** engines lists the engines to compare: Skiff, and podman where it is installed. */
function engines(): [string, Run][] {
  return podman
    ? [
        ['skiff', skiff],
        ['podman', podman.run],
      ]
    : [['skiff', skiff]];
}

/** failure is a bad template's result: status 125 and the one `Error:` line. */
function failure(result: CommandResult): string {
  expect(result.code).toBe(125);
  const lines = result.stderr.split('\n').filter((line) => line.startsWith('Error:'));
  expect(lines).toHaveLength(1);
  return lines[0];
}

/** sameFailure checks that both engines fail `args` with the same first error line. */
function sameFailure(args: string[], expected: string | RegExp): void {
  const mine = failure(skiff(args));
  if (typeof expected === 'string') expect(mine).toBe(expected);
  else expect(mine).toMatch(expected);
  if (podman) expect(failure(podman.run(args))).toBe(mine);
}

const INSPECT_PREFIX = 'Error: inspecting object: printing inspect output: template: inspect:';

describe('inspect --format', () => {
  it('applies a template to each object, reading maps and structs as Podman does', () => {
    const out = skiff(['inspect', '--format', '{{.State.Status}} {{.Name}}', 'c1', 'c2']);
    expect(out.stdout).toBe('created c1\nexited c2\n');
    const labels = skiff(['inspect', '-f', '{{.Config.Labels.foo}}|{{.Config.Labels.nope}}', 'c1']);
    expect(labels.stdout).toBe('bar|<no value>\n');
    const config = JSON.parse(succeeded(skiff(['inspect', '-f', '{{json .Config}}', 'c1'])));
    expect(config.Labels).toEqual({ foo: 'bar' });
  });

  it('applies a template to images too, and json stays JSON', () => {
    const id = succeeded(skiff(['image', 'inspect', '--format', '{{.Id}}', IMAGE])).trim();
    expect(succeeded(skiff(['inspect', '--format', '{{.Id}}', IMAGE])).trim()).toBe(id);
    const [image] = JSON.parse(succeeded(skiff(['image', 'inspect', '--format', 'json', IMAGE])));
    expect(image.Id).toBe(id);
  });

  it('fails on a missing field or a bad template in Podman words', () => {
    const missing = `${INSPECT_PREFIX}1:19: executing "inspect" at <.State.Nope>: `;
    const state = `${missing}can't evaluate field Nope in type *define.InspectContainerState`;
    sameFailure(['inspect', '--format', '{{.State.Nope}}', 'c1'], state);
    const top = `${INSPECT_PREFIX}1:13: executing "inspect" at <.Nope>: `;
    sameFailure(
      ['image', 'inspect', '-f', '{{.Nope}}', IMAGE],
      `${top}can't evaluate field Nope in type interface {}`,
    );
    sameFailure(
      ['inspect', '--format', '{{.State.Status', 'c1'],
      "Error: template: inspect:1: bad character U+007B '{'",
    );
  });

  withPodman('prints what podman prints for the same actions', () => {
    const format =
      '{{.State.Status}} {{.State.ExitCode}} {{.Name}} {{.Config.Labels}} {{.HostConfig.AutoRemove}}';
    const args = ['inspect', '--format', format, 'c1', 'c2'];
    expect(succeeded(skiff(args))).toBe(succeeded(podman!.run(args)));
    const image = [
      'image',
      'inspect',
      '--format',
      '{{.Os}} {{.Architecture}} {{.Labels.x}}',
      IMAGE,
    ];
    expect(succeeded(skiff(image))).toBe(succeeded(podman!.run(image)));
  });

  it('keeps --explain working', () => {
    const explained = JSON.parse(
      succeeded(skiff(['inspect', '--explain', '--format', 'json', 'c1'])),
    );
    expect(explained).toHaveProperty('config');
  });
});

describe('volume --format', () => {
  it('lists volumes through a template, with table headers and --noheading', () => {
    const format = 'table {{.Name}} {{.Driver}} {{.Scope}} {{.Labels}}';
    for (const [name, run] of engines()) {
      const lines = succeeded(run(['volume', 'ls', '--format', format])).split('\n');
      expect(lines[0], name).toMatch(/^VOLUME NAME\s+DRIVER\s+SCOPE\s+LABELS$/);
      expect(lines[1], name).toMatch(/^v1\s+local\s+local\s+map\[a:b\]$/);
      const bare = succeeded(run(['volume', 'ls', '--format', format, '--noheading']));
      expect(bare.split('\n')[0], name).toMatch(/^v1\s/);
    }
    const [volume] = JSON.parse(succeeded(skiff(['volume', 'ls', '--format', 'json'])));
    expect(volume.Name).toBe('v1');
  });

  it('inspects volumes through a template', () => {
    for (const [name, run] of engines()) {
      const out = run([
        'volume',
        'inspect',
        '--format',
        '{{.Name}} {{.Labels.a}} {{.Labels.z}}',
        'v1',
      ]);
      expect(succeeded(out), name).toBe('v1 b <no value>\n');
    }
  });

  it('fails on a missing field or a bad template in Podman words', () => {
    const ls = 'Error: template: ls:1:13: executing "ls" at <.Nope>: ';
    sameFailure(
      ['volume', 'ls', '--format', '{{.Nope}}'],
      `${ls}can't evaluate field Nope in type *entities.VolumeListReport`,
    );
    sameFailure(
      ['volume', 'ls', '--format', '{{.Name'],
      "Error: template: ls:1: bad character U+007B '{'",
    );
    sameFailure(
      ['volume', 'inspect', '--format', '{{.Nope}}', 'v1'],
      /^Error: inspecting object: printing inspect output: /,
    );
  });
});

describe('info --format', () => {
  it("reads Podman's field names, with json of a part in its JSON keys", () => {
    for (const [name, run] of engines()) {
      const out = succeeded(run(['info', '--format', '{{.Host.OS}} {{.Registries.nope}}']));
      expect(out, name).toBe('linux <no value>\n');
      const security = JSON.parse(succeeded(run(['info', '--format', '{{json .Host.Security}}'])));
      expect(Object.keys(security), name).toContain('seccompEnabled');
    }
    const root = succeeded(skiff(['info', '--format', '{{.Store.GraphRoot}}'])).trim();
    expect(root).toBe(store.root);
    const json = JSON.parse(succeeded(skiff(['info', '--format', 'json'])));
    expect(json.store.graphRoot).toBe(store.root);
  });

  withPodman('has the same values as podman where the hosts agree', () => {
    const args = [
      'info',
      '--format',
      '{{.Host.Arch}} {{.Host.Kernel}} {{.Host.Security.Rootless}}',
    ];
    expect(succeeded(skiff(args))).toBe(succeeded(podman!.run(args)));
  });

  it('fails on a missing field or a bad template in Podman words', () => {
    const host = 'Error: template: info:1:7: executing "info" at <.Host.Nope>: ';
    sameFailure(
      ['info', '--format', '{{.Host.Nope}}'],
      `${host}can't evaluate field Nope in type *define.HostInfo`,
    );
    sameFailure(['info', '--format', '{{.Host.Arch'], 'Error: template: info:1: unclosed action');
  });
});

describe('history --format', () => {
  it('prints steps through a template, with table headers and json', () => {
    for (const [name, run] of engines()) {
      const format = 'table {{.ID}} {{.Size}} {{.Tags}}';
      const lines = succeeded(run(['history', '--format', format, IMAGE])).split('\n');
      expect(lines[0], name).toMatch(/^ID\s+SIZE\s+TAGS$/);
      expect(lines[1], name).toMatch(/^[0-9a-f]{12}\s+2\.\d+ MB\s+\[\]$/);
      const [layer] = JSON.parse(succeeded(run(['history', '--format', 'json', IMAGE])));
      expect(Object.keys(layer), name).toEqual(expect.arrayContaining(['id', 'created', 'size']));
    }
  });

  it('fails on a missing field or a bad template in Podman words', () => {
    const at = 'Error: template: history:1:13: executing "history" at <.Nope>: ';
    sameFailure(
      ['history', '--format', '{{.Nope}}', IMAGE],
      `${at}can't evaluate field Nope in type images.historyReporter`,
    );
    sameFailure(
      ['history', '--format', '{{.ID', IMAGE],
      "Error: template: history:1: bad character U+007B '{'",
    );
  });
});

describe('events --format', () => {
  it('prints events through a template, and json as JSON', () => {
    const args = ['events', '--stream=false', '--since', since, '--filter', 'container=c2'];
    const lines = succeeded(skiff([...args, '--format', '{{.Status}} {{.Name}} {{.Type}}'])).split(
      '\n',
    );
    expect(lines).toContain('died c2 container');
    const died = succeeded(
      skiff([
        ...args,
        '--filter',
        'event=died',
        '--format',
        '{{.ContainerExitCode}} {{.Time.Unix}}',
      ]),
    );
    expect(died).toMatch(/^3 \d{10}\n$/);
    const json = succeeded(skiff([...args, '--format', 'json']))
      .trim()
      .split('\n');
    expect(JSON.parse(json[0])).toHaveProperty('Status');
  });

  it('fails on a missing field or a bad template in Podman words', () => {
    const args = ['events', '--stream=false', '--since', since];
    const at = 'Error: template: events:1:2: executing "events" at <.Nope>: ';
    sameFailure(
      [...args, '--format', '{{.Nope}}'],
      `${at}can't evaluate field Nope in type *events.Event`,
    );
    sameFailure([...args, '--format', '{{.Status'], 'Error: template: events:1: unclosed action');
  });
});

describe('plugin ls --format', () => {
  it('prints providers through a template, a table and json', () => {
    const lines = succeeded(
      skiff(['plugin', 'ls', '--format', 'table {{.Role}} {{.APIRange}}']),
    ).split('\n');
    expect(lines[0]).toMatch(/^ROLE\s+API RANGE$/);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^runtime\s+\^1/)]));
    const rows = JSON.parse(succeeded(skiff(['plugin', 'ls', '--format', 'json'])));
    expect(Object.keys(rows[0])).toEqual(['Role', 'Provider', 'Package', 'Version', 'APIRange']);
    expect(succeeded(skiff(['plugin', 'ls', '--format', '{{.Role}}']))).toMatch(/^image\n/m);
  });

  it('fails on a missing field or a bad template', () => {
    const at = 'Error: template: ls:1:13: executing "ls" at <.Nope>: ';
    expect(failure(skiff(['plugin', 'ls', '--format', '{{.Nope}}']))).toBe(
      `${at}can't evaluate field Nope in type PluginRow`,
    );
    expect(failure(skiff(['plugin', 'ls', '--format', '{{.Role']))).toMatch(
      /^Error: template: ls:1: /,
    );
  });
});
