import { join } from 'node:path';

import * as Errors from '@oclif/core/errors';
import { Config } from '@oclif/core/config';
import { SkiffError } from '@skiff/contracts';

import { runningCommandExitCodes, setGlobalsBeforeCommand, setInvokedId } from './base-command.js';
import { EXIT_ENGINE, exitCodeFor } from './exit-codes.js';
import { splitGlobalOptions } from './global-options.js';
import { UsageError } from './usage-error.js';
import { errorMessage } from './ux/error-message.js';

/**
 * main runs the CLI: it takes global flags from before the command, lets oclif dispatch, and
 * turns every failure into one `Error: ` line and Podman's exit status.
 */
export async function main(argv: string[]): Promise<void> {
  try {
    const { globals, rest, problem } = splitGlobalOptions(argv);
    if (problem) throw new UsageError(problem);
    setGlobalsBeforeCommand(globals);
    const config = await Config.load({ root: join(__dirname, '..') });
    await runCommand(config, rest, argv);
  } catch (error) {
    reportError(error);
  }
}

async function runCommand(config: Config, argv: string[], whole: string[]): Promise<void> {
  const [id, ...args] = commandId(config, argv);
  if (id === undefined || !config.findCommand(id)) {
    const { answerWithoutCommand } = await import('./without-command.js');
    return answerWithoutCommand(config, argv);
  }
  setInvokedId(id);
  if (await ranInUserNamespace(config.findCommand(id)?.id ?? id, args, whole)) return;
  await config.runCommand(id, args);
}

// Commands that never touch storage or containers, and help, run where they are: they work
// even for a user whose namespace cannot be made.
const OUTSIDE_NAMESPACE = new Set([
  'login',
  'logout',
  'completion',
  '__complete',
  'system:version',
]);

/**
 * ranInUserNamespace runs a rootless user's command again inside their user namespace, where
 * storage and containers live, and reports whether it did. Inside, the process is uid 0.
 */
async function ranInUserNamespace(id: string, args: string[], argv: string[]): Promise<boolean> {
  if (process.geteuid?.() === 0 || OUTSIDE_NAMESPACE.has(id)) return false;
  if (args.includes('--help')) return false;

  const { enterUserNamespace } = await import('@skiff/core');
  process.exitCode = await enterUserNamespace(argv);
  return true;
}

// oclif separates topics with spaces on the command line but `:` in ids.
function commandId(config: Config, argv: string[]): string[] {
  for (let words = Math.min(argv.length, 2); words > 1; words--) {
    const id = argv.slice(0, words).join(':');
    if (config.findCommand(id)) return [id, ...argv.slice(words)];
  }
  return argv;
}

function reportError(error: unknown): void {
  if (error instanceof Errors.ExitError) {
    process.exitCode = error.oclif.exit;
    return;
  }
  if (SkiffError.is(error)) {
    const hint = error instanceof UsageError && error.hint ? `${error.hint}\n` : '';
    process.stderr.write(`Error: ${errorMessage(error)}\n${hint}`);
    process.exitCode = exitCodeFor(error.code, runningCommandExitCodes());
    return;
  }
  process.stderr.write(`Error: ${usageMessage(error)}\n`);
  process.exitCode = EXIT_ENGINE;
}

// oclif's parser words errors its own way; Podman's users know cobra's words.
function usageMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0];
  const nonexistent = /^Nonexistent flags?: (.*)$/.exec(first);
  if (nonexistent) return `unknown flag: ${nonexistent[1].split(', ')[0].replace(/=.*/, '')}`;
  const needsValue = /^Flag --([\w-]+) expects a value/.exec(first);
  if (needsValue) return `flag needs an argument: --${needsValue[1]}`;
  const missingArgs = /^Missing (\d+) required args?/.exec(first);
  if (missingArgs) return `requires at least ${missingArgs[1]} arg(s), only received 0`;
  return first.replace(/^Error: /, '');
}
