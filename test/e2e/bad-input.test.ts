import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mountsUnder, runcContainers, Store } from './harness.js';

let store: Store;
let existing: string;

beforeAll(() => {
  store = new Store('[skiff]\nlabel_provider = "selinux"\n');
  store.importBusybox();
  existing = store.skiff(['create', '--name', 'taken', 'localhost/busybox', 'true']).stdout.trim();
});

afterAll(() => store.destroy());

/** expectNothingLeft checks that only the one container made in beforeAll exists, fully. */
function expectNothingLeft(): void {
  expect(store.sql('SELECT id FROM containers')).toEqual([{ id: existing }]);
  expect(store.sql<{ owner: string }>('SELECT owner FROM mcs_levels').map((r) => r.owner)).toEqual([
    existing,
  ]);
  expect(runcContainers(store.runroot)).toEqual([]);
  expect(mountsUnder(store.dir)).toEqual([]);
  const bundles = join(store.runroot, 'containers');
  expect(existsSync(bundles) ? readdirSync(bundles) : []).toEqual([]);
}

/** expectEngineError checks Podman's status 125 and a single `Error: ` line. */
function expectEngineError(result: { code: number; stderr: string; stdout: string }, text: string) {
  expect(result.code).toBe(125);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`Error: ${text}\n`);
}

describe('bad input', () => {
  it.each([
    [['run', '--bogus', 'localhost/busybox', 'true'], 'unknown flag: --bogus'],
    [['create', '--bogus=1', 'localhost/busybox'], 'unknown flag: --bogus'],
    [['ps', '--nope'], 'unknown flag: --nope'],
  ])('rejects an unknown flag: %j', (args, text) => {
    expectEngineError(store.skiff(args), text);
    expectNothingLeft();
  });

  it.each([
    ['foo', 'invalid --security-opt 1: "foo"'],
    ['label', 'invalid --security-opt 1: "label"'],
    ['', 'invalid --security-opt 1: ""'],
    ['foo=bar', 'invalid --security-opt 2: "foo=bar"'],
    ['LABEL=disable', 'invalid --security-opt 2: "LABEL=disable"'],
    ['no-new-privileges=maybe', 'invalid --security-opt 2: "no-new-privileges=maybe"'],
    ['systempaths=foo', 'invalid systempaths option "foo", only `unconfined` is supported'],
    [
      'seccomp=/nonexistent.json',
      'opening seccomp profile failed: open /nonexistent.json: no such file or directory',
    ],
    [
      'label=bogus',
      'creating container storage: Bad label option "bogus", valid options \'disable\' or  ' +
        "'user, role, level, type, filetype' followed by ':' and a value",
    ],
    [
      'label=foo:bar',
      'creating container storage: Bad label option "foo", valid options ' +
        "'disable, user, role, level, type, filetype'",
    ],
  ])('rejects --security-opt %j', (option, text) => {
    expectEngineError(
      store.skiff(['run', '--security-opt', option, 'localhost/busybox', 'true']),
      text,
    );
    expectNothingLeft();
  });

  it('rejects a missing image', () => {
    expectEngineError(
      store.skiff(['run', '--pull=never', 'localhost/nothere', 'true']),
      'localhost/nothere: image not known',
    );
    expectNothingLeft();
  });

  it('tries to pull a missing image, as Podman does, and reports why it could not', () => {
    // Nothing listens on localhost:443 here, so the pull fails at its first request.
    const result = store.skiff(['run', 'localhost/nothere', 'true']);
    expect(result.code).toBe(125);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('Trying to pull localhost/nothere:latest...');
    expect(lines[1]).toMatch(
      /^Error: initializing source docker:\/\/localhost\/nothere:latest: pinging container registry localhost: .*ECONNREFUSED/,
    );
    expect(lines).toHaveLength(2);
    expectNothingLeft();
  });

  it('rejects a pull policy Podman does not know', () => {
    expectEngineError(
      store.skiff(['run', '--pull=bogus', 'localhost/busybox', 'true']),
      '"bogus" is not a valid pull policy',
    );
    expectNothingLeft();
  });

  it('rejects a name that is already in use', () => {
    expectEngineError(
      store.skiff(['create', '--name', 'taken', 'localhost/busybox', 'true']),
      `creating container storage: the container name "taken" is already in use by ${existing}. ` +
        'You have to remove that container to be able to reuse that name: that name is already in use',
    );
    expectNothingLeft();
  });

  it('rejects a missing runtime binary, given by path or by name', () => {
    expectEngineError(
      store.skiff(['--runtime', '/nope/runc', 'run', 'localhost/busybox', 'true']),
      'no valid executable found for OCI runtime /nope/runc: invalid argument',
    );
    expectEngineError(
      store.skiff(['run', '--runtime', 'nosuchruntime', 'localhost/busybox', 'true']),
      'default OCI runtime "nosuchruntime" not found: invalid argument',
    );
    expectNothingLeft();
  });

  it.each([
    [
      ['--ulimit', 'bogus=1'],
      'ulimit option "bogus=1" requires name=SOFT:HARD, failed to be parsed: invalid ulimit type: bogus',
    ],
    [['--cap-add', 'FOO'], '"CAP_FOO": unknown capability'],
    [
      ['--env-file', '/nonexistent'],
      'parsing env file "/nonexistent": open /nonexistent: no such file or directory',
    ],
    [['--name', '.bad'], 'names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*'],
  ])('rejects bad create flags %j', (flags, text) => {
    expectEngineError(store.skiff(['create', ...flags, 'localhost/busybox', 'true']), text);
    expectNothingLeft();
  });

  it('rejects an unknown command and a missing argument', () => {
    // Podman's text goes on with `Did you mean this?` and a `Try 'skiff --help'` line.
    const unknown = store.skiff(['bogus']);
    expect(unknown).toMatchObject({ code: 125, stdout: '' });
    expect(unknown.stderr).toMatch(/^Error: unrecognized command `skiff bogus`\n/);
    expect(store.skiff(['run']).code).toBe(125);
    expectNothingLeft();
  });
});
