import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { SkiffError } from '@skiff/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { emptyRegistriesConfig } from './registries-config.js';
import { RegistriesLoader, type RegistriesPaths } from './registries-loader.js';

let dir: string;
let paths: RegistriesPaths;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-registries-'));
  paths = {
    systemConf: join(dir, 'etc/registries.conf'),
    systemConfDir: join(dir, 'etc/registries.conf.d'),
    home: join(dir, 'home'),
    shortNameAliases: join(dir, 'cache/short-name-aliases.conf'),
  };
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function userFile(name = 'registries.conf'): string {
  return join(paths.home, '.config/containers', name);
}

function userDropIn(name: string): string {
  return join(paths.home, '.config/containers/registries.conf.d', name);
}

function load(env: NodeJS.ProcessEnv = {}) {
  return new RegistriesLoader({ env, rootless: false, paths }).load();
}

function failureOf(env: NodeJS.ProcessEnv = {}): { code: string; message: string } {
  try {
    load(env);
  } catch (error) {
    if (SkiffError.is(error)) return { code: error.code, message: error.message };
    throw error;
  }
  return expect.unreachable('expected a ConfigError');
}

const FULL = `
unqualified-search-registries = ["registry.example:5000", "docker.io/"]
short-name-mode = "enforcing"

[[registry]]
prefix = "example.com/foo"
location = "internal.example/mirror/foo/"
insecure = true
blocked = false
mirror-by-digest-only = true

[[registry.mirror]]
location = "m1.example"
insecure = true

[[registry.mirror]]
location = "m2.example/path"

[[registry]]
location = "tags.example"

[[registry.mirror]]
location = "digests.example"
pull-from-mirror = "digest-only"

[[registry.mirror]]
location = "fresh.example"
pull-from-mirror = "tag-only"

[[registry.mirror]]
location = "any.example"
pull-from-mirror = "all"

[[registry]]
prefix = "*.blocked.example"
blocked = true

[aliases]
"alpine" = "docker.io/alpine"
"tools/box" = "quay.io/tools/box"
"local" = "localhost:5000/local"
`;

describe('RegistriesLoader: files and keys', () => {
  it('reads nothing and keeps Podman defaults when no file exists', () => {
    expect(load()).toEqual({
      ...emptyRegistriesConfig(),
      configPath: paths.systemConf,
      configDirPath: userDropIn('').replace(/\/$/, ''),
    });
  });

  it('maps every key of registries.conf v2', () => {
    const file = write(paths.systemConf, FULL);

    const config = load();

    expect(config.unqualifiedSearchRegistries).toEqual(['registry.example:5000', 'docker.io']);
    expect(config.searchRegistriesOrigin).toBe(file);
    expect(config.shortNameMode).toBe('enforcing');
    expect(config.registries).toEqual([
      {
        prefix: '*.blocked.example',
        location: '',
        insecure: false,
        blocked: true,
        mirrorByDigestOnly: false,
        mirrors: [],
      },
      {
        prefix: 'example.com/foo',
        location: 'internal.example/mirror/foo',
        insecure: true,
        blocked: false,
        mirrorByDigestOnly: true,
        mirrors: [
          { location: 'm1.example', insecure: true, pullFromMirror: 'all' },
          { location: 'm2.example/path', insecure: false, pullFromMirror: 'all' },
        ],
      },
      {
        prefix: 'tags.example',
        location: 'tags.example',
        insecure: false,
        blocked: false,
        mirrorByDigestOnly: false,
        mirrors: [
          { location: 'digests.example', insecure: false, pullFromMirror: 'digest-only' },
          { location: 'fresh.example', insecure: false, pullFromMirror: 'tag-only' },
          { location: 'any.example', insecure: false, pullFromMirror: 'all' },
        ],
      },
    ]);
    expect(Object.fromEntries(config.aliases)).toEqual({
      alpine: { target: { registry: 'docker.io', repository: 'library/alpine' }, origin: file },
      'tools/box': { target: { registry: 'quay.io', repository: 'tools/box' }, origin: file },
      local: { target: { registry: 'localhost:5000', repository: 'local' }, origin: file },
    });
    expect(config.sources).toEqual([file]);
  });

  it('keeps the first table of a prefix repeated in one file, as Podman does', () => {
    write(
      paths.systemConf,
      '[[registry]]\nlocation = "a.example"\ninsecure = true\n' +
        '[[registry]]\nprefix = "a.example"\nlocation = "b.example"\n',
    );

    expect(load().registries).toMatchObject([{ prefix: 'a.example', location: 'a.example' }]);
  });

  it('ignores keys it does not know, such as credential-helpers', () => {
    write(
      paths.systemConf,
      'credential-helpers = ["pass"]\nfoo = 1\n[[registry]]\nlocation = "z.example"\nbar = 2\n',
    );

    expect(load().registries).toMatchObject([{ prefix: 'z.example' }]);
  });

  it('converts a v1 file the way Podman still reads it', () => {
    write(
      paths.systemConf,
      '[registries.search]\nregistries = ["s.example"]\n' +
        '[registries.insecure]\nregistries = ["i.example", "b.example"]\n' +
        '[registries.block]\nregistries = ["b.example/"]\n',
    );

    const config = load();

    expect(config.unqualifiedSearchRegistries).toEqual(['s.example']);
    expect(config.registries).toMatchObject([
      { prefix: 'b.example', location: 'b.example', blocked: true, insecure: true },
      { prefix: 'i.example', location: 'i.example', blocked: false, insecure: true },
    ]);
  });
});

describe('RegistriesLoader: which files', () => {
  it('lets CONTAINERS_REGISTRIES_CONF replace the main file but still reads the drop-ins', () => {
    write(paths.systemConf, 'unqualified-search-registries = ["system.example"]\n');
    const system = write(join(paths.systemConfDir, 'a.conf'), 'short-name-mode = "disabled"\n');
    const user = write(userDropIn('b.conf'), '[aliases]\n"x" = "quay.io/x"\n');
    const file = write(
      join(dir, 'mine.conf'),
      'unqualified-search-registries = ["mine.example"]\n',
    );

    const config = load({ CONTAINERS_REGISTRIES_CONF: file });

    expect(config.unqualifiedSearchRegistries).toEqual(['mine.example']);
    expect(config.shortNameMode).toBe('disabled');
    expect(config.aliases.get('x')?.origin).toBe(user);
    expect(config.sources).toEqual([file, system, user]);
    expect(config.configPath).toBe(file);
  });

  it('reports a CONTAINERS_REGISTRIES_CONF file that does not exist', () => {
    const file = join(dir, 'missing.conf');

    expect(failureOf({ CONTAINERS_REGISTRIES_CONF: file })).toEqual({
      code: 'Config',
      message: `reading ${file}: no such file`,
    });
  });

  it('lets the user file replace the system file and its drop-ins, even for root', () => {
    write(paths.systemConf, 'unqualified-search-registries = ["system.example"]\n');
    write(join(paths.systemConfDir, 'a.conf'), 'short-name-mode = "disabled"\n');
    const user = write(userFile(), 'unqualified-search-registries = ["user.example"]\n');
    const drop = write(userDropIn('1.conf'), '[aliases]\n"x" = "quay.io/x"\n');

    const config = load({ XDG_CONFIG_HOME: join(dir, 'ignored') });

    expect(config.unqualifiedSearchRegistries).toEqual(['user.example']);
    expect(config.shortNameMode).toBe('permissive');
    expect(config.sources).toEqual([user, drop]);
    expect(config.configPath).toBe(user);
  });

  it('finds the home directory in $HOME unless told otherwise', () => {
    const home = join(dir, 'other-home');
    const file = write(
      join(home, '.config/containers/registries.conf'),
      'short-name-mode = "disabled"\n',
    );
    const rest: Partial<typeof paths> = { ...paths };
    delete rest.home;

    const config = new RegistriesLoader({
      env: { HOME: home },
      rootless: false,
      paths: rest,
    }).load();

    expect(config.sources).toEqual([file]);
  });

  it('reads system drop-ins then user drop-ins, each sorted, skipping other names', () => {
    const main = write(paths.systemConf, '');
    const b = write(join(paths.systemConfDir, 'b.conf'), '');
    const a = write(join(paths.systemConfDir, 'a.conf'), '');
    write(join(paths.systemConfDir, 'c.conf.rpmsave'), 'not toml [');
    write(join(paths.systemConfDir, 'sub.conf/d.conf'), 'not toml [');
    const u = write(userDropIn('0.conf'), '');

    expect(load().sources).toEqual([main, a, b, u]);
  });
});

describe('RegistriesLoader: drop-in overrides', () => {
  it('lets later files override search registries, mode and aliases key by key', () => {
    write(
      paths.systemConf,
      'unqualified-search-registries = ["a.example"]\nshort-name-mode = "enforcing"\n' +
        '[aliases]\n"one" = "quay.io/one"\n"two" = "quay.io/two"\n"three" = "quay.io/three"\n',
    );
    const first = write(
      join(paths.systemConfDir, '10.conf'),
      'unqualified-search-registries = ["b.example", "c.example"]\n[aliases]\n"two" = "quay.io/2"\n',
    );
    const second = write(
      join(paths.systemConfDir, '20.conf'),
      'short-name-mode = "permissive"\n[aliases]\n"three" = ""\n',
    );

    const config = load();

    expect(config.unqualifiedSearchRegistries).toEqual(['b.example', 'c.example']);
    expect(config.searchRegistriesOrigin).toBe(first);
    expect(config.shortNameMode).toBe('permissive');
    expect(config.aliases.get('one')?.target?.repository).toBe('one');
    expect(config.aliases.get('two')).toEqual({
      target: { registry: 'quay.io', repository: '2' },
      origin: first,
    });
    expect(config.aliases.get('three')).toEqual({ origin: second });
  });

  it('lets an empty search list in a drop-in clear the main one', () => {
    write(paths.systemConf, 'unqualified-search-registries = ["a.example"]\n');
    const drop = write(userDropIn('x.conf'), 'unqualified-search-registries = []\n');

    const config = load();

    expect(config.unqualifiedSearchRegistries).toEqual([]);
    expect(config.searchRegistriesOrigin).toBe(drop);
  });

  it('keeps the main file as the origin of search registries no drop-in sets', () => {
    const main = write(paths.systemConf, 'short-name-mode = "disabled"\n');
    write(join(paths.systemConfDir, 'a.conf'), 'short-name-mode = "enforcing"\n');

    expect(load().searchRegistriesOrigin).toBe(main);
  });

  it('replaces a [[registry]] table of the same prefix as a whole, and adds new ones', () => {
    write(
      paths.systemConf,
      '[[registry]]\nprefix = "a.example"\nlocation = "old.example"\ninsecure = true\n' +
        '[[registry.mirror]]\nlocation = "m.example"\n' +
        '[[registry]]\nlocation = "z.example"\n',
    );
    write(
      join(paths.systemConfDir, 'a.conf'),
      '[[registry]]\nprefix = "a.example"\nlocation = "new.example"\n' +
        '[[registry]]\nlocation = "b.example"\nblocked = true\n',
    );

    expect(load().registries).toEqual([
      expect.objectContaining({ prefix: 'a.example', location: 'new.example', insecure: false }),
      expect.objectContaining({ prefix: 'b.example', blocked: true }),
      expect.objectContaining({ prefix: 'z.example' }),
    ]);
    expect(load().registries[0].mirrors).toEqual([]);
  });

  it('refuses a drop-in in the v1 format', () => {
    const drop = write(
      join(paths.systemConfDir, 'old.conf'),
      '[registries.search]\nregistries = []\n',
    );

    expect(failureOf().message).toBe(`reading ${drop}: registry must be in v2 format but is in v1`);
  });
});

describe('RegistriesLoader: short-name-aliases.conf', () => {
  it('reads the aliases Podman recorded, apart from the configured ones', () => {
    write(paths.systemConf, '[aliases]\n"app" = "quay.io/configured/app"\n');
    const cache = write(paths.shortNameAliases, '[aliases]\n"app" = "quay.io/recorded/app"\n');

    const config = load();

    expect(config.recordedAliases.get('app')).toEqual({
      target: { registry: 'quay.io', repository: 'recorded/app' },
      origin: cache,
    });
    expect(config.aliases.get('app')?.target?.repository).toBe('configured/app');
  });

  it('looks for it under /var/cache as root and in the cache home when rootless', () => {
    const cache = join(dir, 'xdg-cache');
    const file = write(
      join(cache, 'containers/short-name-aliases.conf'),
      '[aliases]\n"a" = "q.io/a"\n',
    );
    const rest: Partial<typeof paths> = { ...paths };
    delete rest.shortNameAliases;
    const env = { XDG_CACHE_HOME: cache };

    const rootless = new RegistriesLoader({ env, rootless: true, paths: rest }).load();

    expect(rootless.recordedAliases.get('a')?.origin).toBe(file);
  });

  it('reports a malformed short-name-aliases.conf', () => {
    write(paths.shortNameAliases, '[aliases]\n"a" = "nohost"\n');

    expect(failureOf().message).toBe(
      `reading ${paths.shortNameAliases}: validating short-name aliases: ` +
        'invalid alias "nohost": must contain registry and repository',
    );
  });
});

describe('RegistriesLoader: malformed files', () => {
  it('reports malformed TOML in one line naming the file', () => {
    write(paths.systemConf, '[[registry]\nlocation = \n');

    const { code, message } = failureOf();

    expect(code).toBe('Config');
    expect(message).toMatch(/^reading .*registries\.conf: Invalid TOML document: .+$/);
    expect(message).not.toContain('\n');
  });

  it('names the drop-in that is malformed', () => {
    write(paths.systemConf, '');
    const drop = write(join(paths.systemConfDir, 'bad.conf'), 'short-name-mode = "sometimes"\n');

    expect(failureOf().message).toBe(`reading ${drop}: invalid short-name mode: "sometimes"`);
  });

  it.each([
    ['short-name-mode = "bogus"\n', 'invalid short-name mode: "bogus"'],
    ['short-name-mode = 1\n', 'short-name-mode must be a string'],
    [
      '[[registry]]\nlocation = "https://a.example"\n',
      "invalid location 'https://a.example': URI schemes are not supported",
    ],
    [
      '[[registry]]\nprefix = "http://a.example"\nlocation = "a.example"\n',
      "invalid location 'http://a.example': URI schemes are not supported",
    ],
    ['[[registry]]\ninsecure = true\n', 'invalid condition: both location and prefix are unset'],
    [
      '[[registry]]\nprefix = "a.example"\n',
      'invalid condition: location is unset and prefix is not in the format: *.example.com',
    ],
    [
      '[[registry]]\nlocation = "a.example"\npull-from-mirror = "all"\n',
      'pull-from-mirror must not be set for a non-mirror registry "a.example"',
    ],
    [
      '[[registry]]\nlocation = "a.example"\n[[registry.mirror]]\ninsecure = true\n',
      'invalid condition: mirror location is unset',
    ],
    [
      '[[registry]]\nprefix = "p.example"\nlocation = "a.example"\nmirror-by-digest-only = true\n' +
        '[[registry.mirror]]\nlocation = "m.example"\npull-from-mirror = "all"\n',
      'cannot set mirror usage mirror-by-digest-only for the registry ("p.example") ' +
        'and pull-from-mirror for per-mirror ("m.example") at the same time',
    ],
    [
      '[[registry]]\nlocation = "a.example"\n[[registry.mirror]]\nlocation = "m.example"\n' +
        'pull-from-mirror = "bogus"\n',
      'unsupported pull-from-mirror value "bogus" for mirror "m.example"',
    ],
    [
      '[[registry]]\nprefix = "p1.example"\nlocation = "a.example"\ninsecure = true\n' +
        '[[registry]]\nprefix = "p2.example"\nlocation = "a.example"\n',
      "registry 'a.example' is defined multiple times with conflicting 'insecure' setting",
    ],
    [
      '[[registry]]\nprefix = "p1.example"\nlocation = "a.example"\nblocked = true\n' +
        '[[registry]]\nprefix = "p2.example"\nlocation = "a.example"\n',
      "registry 'a.example' is defined multiple times with conflicting 'blocked' setting",
    ],
    [
      '[[registry]]\nprefix = "*.example.com/foo"\nlocation = "a.example"\n',
      'Wildcarded prefix should be in the format: *.example.com. ' +
        'Current prefix "*.example.com/foo" is incorrectly formatted',
    ],
    [
      'unqualified-search-registries = ["a.example/foo"]\n',
      'Invalid unqualified-search-registries entry "a.example/foo"',
    ],
    [
      'unqualified-search-registries = "a.example"\n',
      'unqualified-search-registries must be an array of strings',
    ],
    ['registry = "x"\n', '[[registry]] must be tables'],
    ['[[registry]]\nlocation = 5\n', 'registry.location must be a string'],
    [
      '[[registry]]\nlocation = "a.example"\nblocked = "yes"\n',
      'registry.blocked must be a boolean',
    ],
    [
      '[[registry]]\nlocation = "a.example"\n[[registry.mirror]]\nlocation = "m"\ninsecure = 1\n',
      'registry.mirror.insecure must be a boolean',
    ],
    ['aliases = ["x"]\n', '[aliases] must be a table'],
    [
      '[registries.search]\nregistries = ["a.example"]\n[[registry]]\nlocation = "b.example"\n',
      'mixing sysregistry v1/v2 is not supported',
    ],
  ])('refuses %j', (text, reason) => {
    const file = write(join(dir, 'bad.conf'), text);

    expect(failureOf({ CONTAINERS_REGISTRIES_CONF: file })).toEqual({
      code: 'Config',
      message: `reading ${file}: ${reason}`,
    });
  });

  it.each([
    [
      '"quay.io/foo" = "quay.io/foo"',
      'invalid short name "quay.io/foo": must not contain registry',
    ],
    ['"foo:1" = "quay.io/foo"', 'invalid short name "foo:1": must not contain tag'],
    [
      `"foo@sha256:${'a'.repeat(64)}" = "quay.io/foo"`,
      `invalid short name "foo@sha256:${'a'.repeat(64)}": must not contain digest`,
    ],
    ['"Foo!" = "quay.io/foo"', 'cannot parse short name: "Foo!": invalid reference format'],
    ['"foo" = "foo"', 'invalid alias "foo": must contain registry and repository'],
    ['"foo" = "quay.io/foo:1"', 'invalid alias "quay.io/foo:1": must not contain tag'],
    [
      `"foo" = "quay.io/foo@sha256:${'b'.repeat(64)}"`,
      `invalid alias "quay.io/foo@sha256:${'b'.repeat(64)}": must not contain digest`,
    ],
    ['"foo" = "quay.io/FOO"', 'parsing alias "quay.io/FOO": repository name must be lowercase'],
    ['"foo" = 1', 'invalid alias for "foo": must be a string'],
  ])('refuses the alias %s', (entry, reason) => {
    const file = write(join(dir, 'aliases.conf'), `[aliases]\n${entry}\n`);

    expect(failureOf({ CONTAINERS_REGISTRIES_CONF: file }).message).toBe(
      `reading ${file}: validating short-name aliases: ${reason}`,
    );
  });

  it('reports every bad alias at once, on one line', () => {
    const file = write(join(dir, 'aliases.conf'), '[aliases]\n"a" = "bar"\n"b.c/d" = "q.io/d"\n');

    expect(failureOf({ CONTAINERS_REGISTRIES_CONF: file }).message).toBe(
      `reading ${file}: validating short-name aliases: ` +
        'invalid alias "bar": must contain registry and repository; ' +
        'invalid short name "b.c/d": must not contain registry',
    );
  });
});
