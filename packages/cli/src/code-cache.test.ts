import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { codeCachePath, compile, requireCached } from './code-cache.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-code-cache-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** writeModule writes a module that counts how often it was evaluated. */
function writeModule(name: string): string {
  const file = join(dir, name);
  const source = [
    'globalThis.codeCacheLoads = (globalThis.codeCacheLoads ?? 0) + 1;',
    "exports.path = require('node:path').basename(__filename);",
    "exports.resolved = require.resolve('./helper.js');",
    'exports.self = module;',
  ].join('\n');
  writeFileSync(file, source);
  writeFileSync(join(dir, 'helper.js'), 'module.exports = 1;');
  return file;
}

/** writeCache makes the cache the build would, by running the module once. */
function writeCache(file: string): void {
  const script = compile(file);
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  writeFileSync(codeCachePath(file), script.createCachedData());
}

describe('requireCached', () => {
  it('loads a module with its cache once, with a working require and module identity', () => {
    const file = writeModule('cached.js');
    writeCache(file);
    const before = (globalThis as { codeCacheLoads?: number }).codeCacheLoads ?? 0;

    const first = requireCached(file) as Record<string, unknown>;
    const second = requireCached(file);

    expect(second).toBe(first);
    expect((globalThis as { codeCacheLoads?: number }).codeCacheLoads).toBe(before + 1);
    expect(first.path).toBe('cached.js');
    expect(first.resolved).toBe(join(dir, 'helper.js'));
    expect(require.cache[file]).toBe(first.self);
  });

  it('falls back to require when there is no cache', () => {
    const file = writeModule('plain.js');

    const loaded = requireCached(file) as Record<string, unknown>;

    expect(loaded.path).toBe('plain.js');
    expect(requireCached(file)).toBe(loaded);
  });

  it('still loads the module when V8 refuses the cache', () => {
    const file = writeModule('stale.js');
    writeFileSync(codeCachePath(file), Buffer.from('not a code cache'));

    expect((requireCached(file) as Record<string, unknown>).path).toBe('stale.js');
  });
});
