// Bundles the CLI with core into one CommonJS file, and each built-in provider into one file of
// its own: a new process per command makes module loading the largest part of start-up, and one
// file loads faster than hundreds. Providers stay separate so that a command loads only those
// it needs.
import { readdirSync } from 'node:fs';

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
});

for (const plugin of readdirSync('plugins')) {
  await build({
    ...common,
    entryPoints: [`plugins/${plugin}/dist/index.js`],
    outfile: `plugins/${plugin}/bundle/index.js`,
    // node-tar is imported on first use only; bundling it would make every load parse it.
    external: ['tar', 'node-unix-socket'],
  });
}
