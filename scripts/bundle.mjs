// Bundles the CLI with core into one CommonJS file, and each built-in provider into one file of
// its own: a new process per command makes module loading the largest part of start-up, and one
// file loads faster than hundreds. Providers stay separate so that a command loads only those
// it needs.
import { readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
};

// The entry is tiny, so that `--version` costs no more than starting Node; the rest of the
// command line is a second file it loads when a command runs.
await build({
  ...common,
  entryPoints: ['packages/cli/dist/index.js'],
  outfile: 'packages/cli/bundle/skiff.js',
  external: ['./cli.js'],
});
await build({
  ...common,
  entryPoints: ['packages/cli/dist/cli.js'],
  outfile: 'packages/cli/bundle/cli.js',
  // Native addons and providers load from node_modules at run time; typescript is only an
  // optional helper of oclif for development and would add megabytes.
  external: ['better-sqlite3', '@skiff/plugin-*', 'typescript'],
  // `skiff version` shows when it was built; SOURCE_DATE_EPOCH keeps a build reproducible.
  define: { SKIFF_BUILT: JSON.stringify(buildTime()) },
});

for (const plugin of readdirSync('plugins')) {
  await build({
    ...common,
    entryPoints: [`plugins/${plugin}/dist/index.js`],
    outfile: `plugins/${plugin}/bundle/index.js`,
    // node-tar is imported on first use only; bundling it would make every load parse it.
    external: ['tar', 'node-unix-socket', 'node-unix-socket/*'],
  });
}

// V8's compiled code for the command-line bundle, made by loading it once: Node 20 has no
// compile cache of its own, and every command would otherwise compile the bundle anew.
writeCodeCache(resolve('packages/cli/bundle/cli.js'));

function buildTime() {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return /^\d+$/.test(epoch ?? '') ? epoch : String(Math.floor(Date.now() / 1000));
}

function writeCodeCache(file) {
  const require = createRequire(import.meta.url);
  const { codeCachePath, compile } = require('../packages/cli/dist/code-cache.js');
  const script = compile(file);
  const wrapper = script.runInThisContext();
  const module = { exports: {} };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  writeFileSync(codeCachePath(file), script.createCachedData());
}
