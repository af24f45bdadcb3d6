import type * as Interfaces from '@oclif/core/interfaces';
import { Command } from '@oclif/core/command';
import type { ErrorCode } from '@skiff/contracts';
import type { Engine } from '@skiff/core';

import { GLOBAL_FLAGS } from './global-flags.js';
import { globalOptionsProblem, type GlobalOptions } from './global-options.js';
import { UsageError } from './usage-error.js';

let globalsBeforeCommand: GlobalOptions = {};
let invokedId: string | undefined;
let runningExitCodes: ExitCodeOverrides = {};

/** ExitCodeOverrides are a command's own statuses for some error codes, as Podman's. */
export type ExitCodeOverrides = Partial<Record<ErrorCode, number>>;

/** runningCommandExitCodes returns the overrides of the command that is running, if any. */
export function runningCommandExitCodes(): ExitCodeOverrides {
  return runningExitCodes;
}

/** overrideExitCodes adds statuses a command decides on only once it knows its mode. */
export function overrideExitCodes(overrides: ExitCodeOverrides): void {
  runningExitCodes = { ...runningExitCodes, ...overrides };
}

/**
 * setInvokedId records the id the command was typed as (`ps`, `container:list`): oclif hands a
 * command its canonical id only, and help shows the name the user typed, as Podman's does.
 */
export function setInvokedId(id: string): void {
  invokedId = id;
}

/** setGlobalsBeforeCommand records the global flags that preceded the command name. */
export function setGlobalsBeforeCommand(globals: GlobalOptions): void {
  globalsBeforeCommand = globals;
}

type FlagDefinitions = Record<string, Interfaces.Flag<unknown>>;

/**
 * BaseCommand gives every command Podman's global flags, Podman's argument conventions
 * (grouped short flags, `--flag=false`, and for `run`-like commands flags only before the
 * image), and a lazily created Engine, so that commands that never touch it stay fast.
 */
export abstract class BaseCommand extends Command {
  static override baseFlags = GLOBAL_FLAGS;

  /** When false, flag parsing stops at the first argument, which starts the container command. */
  static interspersed = true;

  /** Statuses this command gives some errors instead of the usual ones (see exit-codes.ts). */
  static exitCodes: ExitCodeOverrides = {};

  private engineInstance?: Engine;

  override async init(): Promise<void> {
    await super.init();
    runningExitCodes = (this.constructor as typeof BaseCommand).exitCodes;
  }

  /** invokedId is the id the command was typed as (`inspect`), oclif's id when run directly. */
  protected get invokedId(): string | undefined {
    return invokedId ?? this.id;
  }

  /**
   * parseCommand parses argv with Podman's conventions applied first. For a command that is
   * not interspersed, `rest` holds the container's command: everything after the image.
   */
  protected async parseCommand<T extends typeof BaseCommand>(ctor: T) {
    const flags = { ...ctor.baseFlags, ...ctor.flags } as FlagDefinitions;
    const argv = normalizeArgv(this.argv, flags, ctor.interspersed);
    const split = ctor.interspersed ? -1 : argv.indexOf('--');
    // oclif's own argv list is re-sorted by first occurrence, which scrambles a command that
    // repeats one of our flags (`-u 1 img id -u`), so the command is cut off before parsing.
    const ours = split < 0 ? argv : argv.slice(0, split);
    if (wantsHelp(ours, flags)) await this.showHelp();
    const parsed = await this.parse(ctor as never, ours);
    const problem = globalOptionsProblem(mergeGlobals({}, parsed.flags));
    if (problem) throw new UsageError(problem);
    return {
      ...(parsed as unknown as {
        flags: Record<string, unknown>;
        args: Record<string, string | undefined>;
        argv: string[];
      }),
      rest: split < 0 ? [] : argv.slice(split + 1),
    };
  }

  private async showHelp(): Promise<never> {
    const { PodmanHelp } = await import('./ux/podman-help.js');
    await new PodmanHelp(this.config).showHelp((invokedId ?? this.id ?? '').split(':'));
    return this.exit(0);
  }

  /** engine opens the engine with the global flags given before and after the command. */
  protected async engine(flags: Record<string, unknown>): Promise<Engine> {
    if (this.engineInstance) return this.engineInstance;
    const globals = mergeGlobals(globalsBeforeCommand, flags);
    if (globals.logLevel === 'debug' || globals.logLevel === 'trace') {
      // Each provider bundle has its own copy of `debug`, which reads DEBUG when it loads.
      process.env.DEBUG = 'skiff:*';
      const createDebug = (await import('debug')).default;
      createDebug.enable('skiff:*');
    }

    const { Engine } = await import('@skiff/core');
    this.engineInstance = new Engine({
      root: globals.root,
      runroot: globals.runroot,
      runtime: globals.runtime,
      storageDriver: globals.storageDriver,
      config: globals.config,
      // conmon calls this command line back when a container exits.
      selfCommand: [process.execPath, process.argv[1]],
    });
    return this.engineInstance;
  }

  protected override async finally(error: Error | undefined): Promise<unknown> {
    this.engineInstance?.close();
    return super.finally(error);
  }

  // Errors travel to the entry point, which prints them Podman's way and sets the status.
  protected override async catch(error: Error): Promise<unknown> {
    throw error;
  }
}

function mergeGlobals(before: GlobalOptions, flags: Record<string, unknown>): GlobalOptions {
  const pick = (name: string) =>
    typeof flags[name] === 'string' ? (flags[name] as string) : undefined;
  return {
    root: pick('root') ?? before.root,
    runroot: pick('runroot') ?? before.runroot,
    runtime: pick('runtime') ?? before.runtime,
    storageDriver: pick('storage-driver') ?? before.storageDriver,
    config: pick('config') ?? before.config,
    logLevel: pick('log-level') ?? before.logLevel,
    cgroupManager: pick('cgroup-manager') ?? before.cgroupManager,
  };
}

// Cobra gives every command `-h` for help, except those that have a `-h` of their own
// (`run -h` is `--hostname`).
function wantsHelp(argv: string[], flags: FlagDefinitions): boolean {
  if (argv.includes('--help')) return true;
  return argv.includes('-h') && !Object.values(flags).some((flag) => flag.char === 'h');
}

/**
 * normalizeArgv rewrites argv into what oclif parses the way Podman's parser reads it: `-it`
 * becomes `-i -t`, `--rm=false` is dropped and `--rm=true` becomes `--rm`, and, when
 * `interspersed` is false, a `--` goes after the first argument so that the container's own
 * flags (`ls -la`) are left alone.
 */
export function normalizeArgv(argv: string[], flags: FlagDefinitions, interspersed: boolean) {
  const byChar = new Map<string, Interfaces.Flag<unknown>>();
  for (const flag of Object.values(flags)) if (flag.char) byChar.set(flag.char, flag);
  const out: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      out.push(arg);
      if (!interspersed) {
        out.push('--', ...argv.slice(i + 1));
        break;
      }
      continue;
    }

    const expanded = expandFlag(arg, flags, byChar);
    out.push(...expanded.tokens);
    if (expanded.takesValue && i + 1 < argv.length) out.push(argv[++i]);
  }
  return out;
}

function expandFlag(
  arg: string,
  flags: FlagDefinitions,
  byChar: Map<string, Interfaces.Flag<unknown>>,
): { tokens: string[]; takesValue: boolean } {
  if (arg.startsWith('--')) {
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    const flag = flags[name] ?? Object.values(flags).find((f) => f.aliases?.includes(name));
    if (flag?.type === 'boolean' && eq > 0) {
      const value = arg.slice(eq + 1).toLowerCase();
      // A flag whose default is decided elsewhere (`--tls-verify`) must say "off" explicitly.
      const off = flag.allowNo ? [`--no-${name}`] : [];
      return {
        tokens: ['true', '1', 't'].includes(value) ? [`--${name}`] : off,
        takesValue: false,
      };
    }
    return { tokens: [arg], takesValue: flag?.type === 'option' && eq < 0 };
  }

  // A group of short flags: booleans up to the first one that takes a value, which takes the
  // rest of the group (`-uroot`) or the next argument.
  const tokens: string[] = [];
  for (let j = 1; j < arg.length; j++) {
    const flag = byChar.get(arg[j]);
    if (flag?.type === 'option') {
      const rest = arg.slice(j + 1).replace(/^=/, '');
      tokens.push(`-${arg[j]}`);
      if (rest) return { tokens: [...tokens, rest], takesValue: false };
      return { tokens, takesValue: true };
    }
    tokens.push(`-${arg[j]}`);
  }
  return { tokens, takesValue: false };
}
