import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ENGINE_API_VERSION, SkiffError } from '@skiff/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadPlugin } from './plugin-loader.js';

let dir: string;
let count = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-core-plugins-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const LABEL_CLASS = 'class TestLabel { constructor() { this.kernelEnforced = false; } }';

function descriptorSource(fields: Record<string, string>): string {
  const merged = {
    name: "'label-test'",
    apiRange: "'^1.0.0'",
    provides: "[{ role: 'label', implementation: 'test', useClass: TestLabel }]",
    ...fields,
  };
  const body = Object.entries(merged)
    .map(([key, value]) => `  ${key}: ${value},`)
    .join('\n');
  return `${LABEL_CLASS}\nexports.plugin = {\n${body}\n};\n`;
}

/** writePlugin makes a package directory with one module; each call gets a fresh directory. */
function writePlugin(source: string, pkg: object | undefined, file = 'index.js'): string {
  const root = join(dir, `plugin-${++count}`);
  mkdirSync(join(root, file, '..'), { recursive: true });
  writeFileSync(join(root, file), source);
  if (pkg) writeFileSync(join(root, 'package.json'), JSON.stringify({ main: file, ...pkg }));
  return root;
}

async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error: unknown = await promise.then(
    () => expect.unreachable('expected the plugin to be refused'),
    (reason: unknown) => reason,
  );
  if (!SkiffError.is(error)) throw error;
  return { code: error.code, message: error.message };
}

describe('loadPlugin', () => {
  it('loads a valid plugin and reads its package name and version', async () => {
    const root = writePlugin(descriptorSource({}), { name: '@acme/skiff-label', version: '2.3.4' });

    const loaded = await loadPlugin(root, dir);

    expect(loaded).toMatchObject({
      specifier: root,
      packageName: '@acme/skiff-label',
      packageVersion: '2.3.4',
    });
    expect(loaded.descriptor.name).toBe('label-test');
    expect(loaded.descriptor.apiRange).toBe('^1.0.0');
    const [registration] = loaded.descriptor.provides;
    expect(registration).toMatchObject({ role: 'label', implementation: 'test' });
    expect(new registration.useClass()).toEqual({ kernelEnforced: false });
  });

  it('resolves a relative specifier against the base directory', async () => {
    const root = writePlugin(descriptorSource({}), { name: 'relative-plugin', version: '1.0.0' });
    const specifier = `./${root.slice(dir.length + 1)}`;

    const loaded = await loadPlugin(specifier, dir);

    expect(loaded.specifier).toBe(specifier);
    expect(loaded.packageName).toBe('relative-plugin');
  });

  it('finds the package.json above a module in a subdirectory', async () => {
    const root = writePlugin(
      descriptorSource({}),
      { name: 'nested-plugin', version: '0.9.0' },
      'dist/lib/index.js',
    );

    const loaded = await loadPlugin(root, dir);

    expect(loaded).toMatchObject({ packageName: 'nested-plugin', packageVersion: '0.9.0' });
  });

  it('reports no package when none is found above the module', async () => {
    const root = writePlugin(descriptorSource({}), undefined);

    const loaded = await loadPlugin(join(root, 'index.js'), dir);

    expect(loaded).toMatchObject({ packageName: '', packageVersion: '' });
  });

  it('finds a descriptor under a default export', async () => {
    const source = descriptorSource({}).replace(
      'exports.plugin',
      'exports.default = {}; exports.default.plugin',
    );
    const root = writePlugin(source, { name: 'default-export', version: '1.0.0' });

    const loaded = await loadPlugin(root, dir);

    expect(loaded.descriptor.name).toBe('label-test');
  });

  it('refuses a module that cannot be found', async () => {
    expect(await failureOf(loadPlugin('./missing-plugin', dir))).toEqual({
      code: 'PluginLoad',
      message: `loading plugin ./missing-plugin: cannot find module ${join(dir, 'missing-plugin')}`,
    });
    expect(await failureOf(loadPlugin('skiff-plugin-nobody-wrote', dir))).toEqual({
      code: 'PluginLoad',
      message:
        'loading plugin skiff-plugin-nobody-wrote: cannot find module skiff-plugin-nobody-wrote',
    });
  });

  it('refuses a module that throws while loading, with the first line of its error', async () => {
    const root = writePlugin("throw new Error('broken at load\\nsecond line');", { name: 'x' });

    expect(await failureOf(loadPlugin(root, dir))).toEqual({
      code: 'PluginLoad',
      message: `loading plugin ${root}: broken at load`,
    });
  });

  it('refuses a module without a descriptor', async () => {
    const root = writePlugin('exports.something = 1;', { name: 'x' });

    expect(await failureOf(loadPlugin(root, dir))).toEqual({
      code: 'PluginLoad',
      message: `loading plugin ${root}: the module does not export a descriptor`,
    });
  });

  it.each([
    [{ name: "''" }, 'name must be a string'],
    [{ name: '42' }, 'name must be a string'],
    [{ apiRange: '1' }, 'apiRange must be a semver range'],
    [{ provides: "'label'" }, 'provides must be a list'],
    [
      { provides: "[{ role: 'network', implementation: 'x', useClass: TestLabel }]" },
      'unknown role "network"',
    ],
    [
      { provides: "[{ role: 'label', implementation: 7, useClass: TestLabel }]" },
      'implementation must be a string',
    ],
    [
      { provides: "[{ role: 'label', implementation: 'x', useClass: {} }]" },
      'label provider is not a class',
    ],
  ])('refuses a descriptor with %j: %s', async (fields, reason) => {
    const root = writePlugin(descriptorSource(fields), { name: 'x' });

    expect(await failureOf(loadPlugin(root, dir))).toEqual({
      code: 'PluginLoad',
      message: `loading plugin ${root}: invalid descriptor: ${reason}`,
    });
  });

  it('refuses an apiRange that is not a semver range', async () => {
    const root = writePlugin(descriptorSource({ apiRange: "'banana'" }), { name: 'x' });

    expect(await failureOf(loadPlugin(root, dir))).toEqual({
      code: 'PluginLoad',
      message: `loading plugin ${root}: apiRange "banana" is not a semver range`,
    });
  });

  it('refuses a plugin whose apiRange excludes this engine API', async () => {
    expect(ENGINE_API_VERSION).toBe('1.3.0');
    const root = writePlugin(descriptorSource({ apiRange: "'^2.0.0'" }), { name: 'x' });

    expect(await failureOf(loadPlugin(root, dir))).toEqual({
      code: 'PluginIncompatible',
      message: `plugin "label-test" (${root}) supports engine API ^2.0.0, but this engine provides API ${ENGINE_API_VERSION}`,
    });
  });

  it.each(['>=1.0.0 <2', '1.x', '*', '~1.3.0'])('accepts apiRange %j', async (range) => {
    const root = writePlugin(descriptorSource({ apiRange: `'${range}'` }), { name: 'x' });

    await expect(loadPlugin(root, dir)).resolves.toMatchObject({ packageName: 'x' });
  });

  it('loads an ES module plugin', async () => {
    const source = descriptorSource({}).replace('exports.plugin =', 'export const plugin =');
    const root = writePlugin(source, { name: 'esm-plugin', version: '3.0.0' }, 'index.mjs');

    const loaded = await loadPlugin(root, dir);

    expect(loaded).toMatchObject({ packageName: 'esm-plugin', packageVersion: '3.0.0' });
    expect(loaded.descriptor.name).toBe('label-test');
  });
});
