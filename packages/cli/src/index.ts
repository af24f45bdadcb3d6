import { join } from 'node:path';

import type * as Cli from './cli.js';
import { requireCached } from './code-cache.js';
import { splitGlobalOptions } from './global-options.js';

// This module is what `bin/skiff` loads first, so it imports nothing heavy: oclif and the engine
// load only once a command needs them, and `--version` never loads them.

/** COMMANDS is the command table oclif reads from this module (explicit discovery). */
export declare const COMMANDS: typeof Cli.COMMANDS;
Object.defineProperty(exports, 'COMMANDS', {
  enumerable: true,
  get: () => loadCli().COMMANDS,
});

function loadCli(): typeof Cli {
  return requireCached(join(__dirname, 'cli.js')) as typeof Cli;
}

/** main runs the skiff command line with `argv` (the arguments after the program name). */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const { rest } = splitGlobalOptions(argv);
  // Podman answers --version without starting the engine; so does Skiff.
  if (rest[0] === '--version' || rest[0] === '-v') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { version } = require('../package.json') as { version: string };
    process.stdout.write(`skiff version ${version}\n`);
    return;
  }
  await loadCli().main(argv);
}
