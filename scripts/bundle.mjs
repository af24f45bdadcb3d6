// Bundles the CLI and core into one CommonJS file: a new process per command makes module
// loading the largest part of start-up, and one file loads faster than hundreds. Providers stay
// separate packages, loaded only when a command needs them.
import { build } from 'esbuild';

await build({
  entryPoints: ['packages/cli/dist/index.js'],
  outfile: 'packages/cli/bundle/skiff.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Native addons and providers load from node_modules at run time; typescript is only an
  // optional helper of oclif for development and would add megabytes.
  external: ['better-sqlite3', '@skiff/plugin-*', 'typescript'],
  logLevel: 'warning',
});
