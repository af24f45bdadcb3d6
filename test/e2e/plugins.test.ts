import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { REPO, Store } from './harness.js';

const FIXTURES = join(REPO, 'test/fixtures/plugins');
let store: Store | undefined;

afterEach(() => store?.destroy());

function withConf(conf: string): Store {
  store = new Store(conf);
  return store;
}

describe('plugins', () => {
  it('lists each role with its provider, package, version and API range', () => {
    const lines = withConf('').skiff(['plugin', 'ls']).stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ROLE\s+PROVIDER\s+PACKAGE\s+VERSION\s+API RANGE$/);
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/))).toEqual([
      ['image', 'oci', '@skiff/plugin-image-oci', '0.1.0', '^1.3.0'],
      ['label', 'none (auto)', '@skiff/plugin-label-none', '0.1.0', '^1.2.0'],
      ['seccomp', 'oci', '@skiff/plugin-seccomp-oci', '0.1.0', '^1.0.0'],
      ['runtime', 'oci', '@skiff/plugin-runtime-oci', '0.1.0', '^1.0.0'],
    ]);
    expect(store?.skiff(['plugins']).stdout.trim().split('\n')).toEqual(lines);
  });

  it('shows the selinux provider when configuration forces it', () => {
    const out = withConf('[skiff]\nlabel_provider = "selinux"\n').skiff(['plugin', 'ls']).stdout;
    expect(out).toMatch(/^label\s+selinux\s+@skiff\/plugin-label-selinux\s/m);
  });

  it('refuses a plugin whose API range excludes this engine', () => {
    const conf = `[skiff]\nlabel_provider = "future"\nplugins = ["${FIXTURES}/incompatible-label"]\n`;
    const result = withConf(conf).skiff(['plugin', 'ls']);
    expect(result.code).toBe(125);
    expect(result.stderr).toBe(
      `Error: plugin "future-label" (${FIXTURES}/incompatible-label) supports engine API ^2.0.0, ` +
        'but this engine provides API 1.3.0\n',
    );
  });

  it('refuses a plugin module that does not exist or exports no descriptor', () => {
    const missing = withConf('[skiff]\nplugins = ["/nonexistent/plugin"]\n').skiff([
      'plugin',
      'ls',
    ]);
    expect(missing.code).toBe(125);
    expect(missing.stderr).toMatch(
      /^Error: loading plugin \/nonexistent\/plugin: cannot find module/,
    );
    store?.destroy();

    const empty = withConf(`[skiff]\nplugins = ["${FIXTURES}/not-a-plugin"]\n`).skiff([
      'plugin',
      'ls',
    ]);
    expect(empty.code).toBe(125);
    expect(empty.stderr).toMatch(/the module does not export a descriptor\n$/);
  });

  it('refuses a role implementation that no plugin provides', () => {
    const result = withConf('[skiff]\nlabel_provider = "apparmor"\n').skiff(['plugin', 'ls']);
    expect(result.code).toBe(125);
    expect(result.stderr).toBe(
      'Error: no plugin provides the label implementation "apparmor" ' +
        '(set by label_provider in the [skiff] table of containers.conf)\n',
    );
  });

  it('loads only the providers a command needs', () => {
    const s = withConf('');
    const debugOf = (args: string[]) => s.skiff(['--log-level', 'debug', ...args]).stderr;
    expect(debugOf(['ps'])).not.toMatch(/plugin-(seccomp|image)/);
    expect(debugOf(['ps'])).not.toMatch(/loaded/);
    expect(debugOf(['--version'])).toBe('');
    expect(debugOf(['plugin', 'ls'])).toMatch(/loaded seccomp-oci/);
  });
});

const FIXED = join(FIXTURES, 'fixed-label');
const FIXED_CONF = `[skiff]\nplugins = ["${FIXED}"]\nlabel_provider = "fixed"\n`;

function labelsOf(s: Store, nameOrId: string): [string, string] {
  const [inspect] = JSON.parse(s.skiff(['inspect', nameOrId]).stdout);
  return [inspect.ProcessLabel, inspect.MountLabel];
}

function fixedLabels(level: string): [string, string] {
  return [`fixed_u:fixed_r:fixed_t:${level}`, `fixed_u:object_r:fixed_file_t:${level}`];
}

function heldLevels(s: Store): string[] {
  return s
    .sql<{ level: string }>('SELECT level FROM mcs_levels ORDER BY level')
    .map((r) => r.level);
}

// The same plugin written for engine API 2, installed beside its peers as a site would have it.
function futureCopyOfFixed(): string {
  const site = mkdtempSync(join(tmpdir(), 'skiff-e2e-site-'));
  const copy = join(site, 'fixed-label');
  cpSync(FIXED, copy, { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(site, 'node_modules'));
  const index = join(copy, 'index.js');
  const source = readFileSync(index, 'utf8');
  expect(source).toContain("apiRange: '^1.0.0'");
  writeFileSync(index, source.replace("apiRange: '^1.0.0'", "apiRange: '^2.0.0'"));
  return copy;
}

function builtFiles(): string[] {
  const dirs = [join(REPO, 'packages/cli/bundle')];
  for (const plugin of readdirSync(join(REPO, 'plugins')))
    dirs.push(join(REPO, 'plugins', plugin, 'bundle'));
  return dirs.filter(existsSync).flatMap((dir) => readdirSync(dir).map((file) => join(dir, file)));
}

describe('a third-party label plugin loaded from its path by configuration', () => {
  it('is listed by plugin ls with its package name, version and API range', () => {
    const out = withConf(FIXED_CONF).skiff(['plugin', 'ls']).stdout;
    const label = out.split('\n').find((line) => line.startsWith('label'));
    expect(label?.split(/\s{2,}/)).toEqual([
      'label',
      'fixed',
      'skiff-plugin-fixed-label',
      '1.0.0',
      '^1.0.0',
    ]);
  });

  it('labels containers from create and run, a level each, and rm frees the level', () => {
    const s = withConf(FIXED_CONF);
    s.importBusybox();

    const first = s.skiff(['create', '--name', 'first', 'localhost/busybox', 'true']);
    expect(first.code).toBe(0);
    expect(s.skiff(['run', '--name', 'second', 'localhost/busybox', 'true']).code).toBe(0);
    expect(labelsOf(s, 'first')).toEqual(fixedLabels('s1:c0'));
    expect(labelsOf(s, 'second')).toEqual(fixedLabels('s1:c1'));
    expect(heldLevels(s)).toEqual(['s1:c0', 's1:c1']);

    expect(s.skiff(['rm', 'first']).code).toBe(0);
    expect(heldLevels(s)).toEqual(['s1:c1']);
    expect(s.skiff(['create', '--name', 'third', 'localhost/busybox', 'true']).code).toBe(0);
    expect(labelsOf(s, 'third')).toEqual(fixedLabels('s1:c0'));
  });

  it('honours label=disable and refuses other label options in its own words', () => {
    const s = withConf(FIXED_CONF);
    s.importBusybox();

    const disabled = ['create', '--name', 'off', '--security-opt', 'label=disable'];
    expect(s.skiff([...disabled, 'localhost/busybox', 'true']).code).toBe(0);
    expect(labelsOf(s, 'off')).toEqual(['', '']);

    const refused = s.skiff([
      'create',
      '--security-opt',
      'label=level:s0:c1,c2',
      'localhost/busybox',
      'true',
    ]);
    expect(refused).toMatchObject({ code: 125, stdout: '' });
    expect(refused.stderr).toBe(
      'Error: creating container storage: label option "level:s0:c1,c2" is not supported ' +
        'by the fixed label provider: only disable is\n',
    );
    expect(s.sql('SELECT id FROM containers')).toHaveLength(1);
    expect(heldLevels(s)).toEqual([]);
  });

  it('needed no change to the engine: no built file of Skiff names it', () => {
    const files = builtFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      expect(text.includes('fixed_t') || text.includes('skiff-plugin-fixed-label'), file).toBe(
        false,
      );
    }
  });

  it('is refused in one line with status 125 when written for another engine API', () => {
    const copy = futureCopyOfFixed();
    try {
      const s = withConf(`[skiff]\nplugins = ["${copy}"]\nlabel_provider = "fixed"\n`);
      s.importBusybox();

      for (const command of ['create', 'run']) {
        const result = s.skiff([command, '--name', command, 'localhost/busybox', 'true']);
        expect(result).toMatchObject({ code: 125, stdout: '' });
        expect(result.stderr).toBe(
          `Error: plugin "fixed-label" (${copy}) supports engine API ^2.0.0, ` +
            'but this engine provides API 1.3.0\n',
        );
      }
      expect(s.sql('SELECT id FROM containers')).toEqual([]);
      expect(heldLevels(s)).toEqual([]);
    } finally {
      rmSync(join(copy, '..'), { recursive: true, force: true });
    }
  });
});
