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
      ['image', 'oci', '@skiff/plugin-image-oci', '0.1.0', '^1.1.0'],
      ['label', 'none (auto)', '@skiff/plugin-label-none', '0.1.0', '^1.0.0'],
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
        'but this engine provides API 1.1.0\n',
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
