import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** codeCachePath is where the build keeps V8's compiled code for a bundle. */
export function codeCachePath(file: string): string {
  return `${file}.cache`;
}

/**
 * requireCached loads a CommonJS file as `require` would, but hands V8 the code the build
 * compiled it to before, when there is such a cache: compiling the 1 MB command-line bundle
 * is a sixth of every command's start-up on Node 20, which has no compile cache of its own.
 * A cache V8 refuses (another Node version) costs nothing but the compile it would have done.
 */
export function requireCached(file: string): unknown {
  const loaded = require.cache[file];
  if (loaded) return loaded.exports;
  const cache = codeCachePath(file);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!existsSync(cache)) return require(file);

  const script = compile(file, readFileSync(cache));
  const module = new Module(file, require.main);
  module.filename = file;
  module.paths = (
    Module as unknown as { _nodeModulePaths(dir: string): string[] }
  )._nodeModulePaths(dirname(file));
  // Registered before it runs, as Node does, so that a require of the same file finds it.
  require.cache[file] = module;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  return module.exports;
}

/** compile wraps a file the way Node wraps a CommonJS module, with `cachedData` if given. */
export function compile(file: string, cachedData?: Buffer): Script {
  const source = readFileSync(file, 'utf8');
  return new Script(Module.wrap(source), { filename: file, cachedData });
}
