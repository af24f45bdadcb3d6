import type { Command } from '@oclif/core/command';
import { HelpBase } from '@oclif/core/help';
import type * as Interfaces from '@oclif/core/interfaces';

import { CommandTree, type TreeCommand } from '../command-tree.js';
import { GLOBAL_FLAGS } from '../global-flags.js';
import { writeDiagnostic, writeOut } from './output.js';
import { helpOptions, type FlagDefinition, type HelpOption } from './podman-help-options.js';
import { renderHelpPage, type HelpPage } from './podman-help-page.js';

const ROOT_SUMMARY = 'Manage containers, images and volumes';

/** HelpStatics are the statics of a command class that its help page is made from. */
interface HelpStatics {
  summary?: string;
  description?: string;
  usage?: string | string[];
  examples?: Command.Example[];
  flags?: Record<string, FlagDefinition>;
}

/**
 * PodmanHelp prints help as Podman does (summary, `Description:`, `Usage:`, `Aliases:`,
 * `Examples:`, `Options:`) instead of oclif's layout. It is oclif's help class for Skiff
 * (`helpClass` in package.json), and what the entry point and `--help` call.
 */
export class PodmanHelp extends HelpBase {
  private readonly tree: CommandTree;

  constructor(config: Interfaces.Config, opts: Partial<Interfaces.HelpOptions> = {}) {
    super(config, opts);
    this.tree = new CommandTree(config.commands, config.topics);
  }

  /**
   * showHelp prints the page for the command or group that `argv` names (words or oclif ids);
   * words that name nothing get Podman's `Unknown help topic` on stderr and the root's usage.
   */
  async showHelp(argv: string[]): Promise<void> {
    const words = argv.flatMap((word) => word.split(':')).filter(Boolean);
    const found = this.tree.lookup(words);
    if (found.command) return writeOut(await this.commandPage(found.command, found.path));
    if (found.group) return writeOut(this.groupPage(found.group));
    if (words[0] === 'help') return writeOut(this.helpCommandPage());
    if (words.length === 0) return writeOut(this.rootPage());

    writeDiagnostic(`Unknown help topic [\`${words.join(' ')}\`]\n`);
    writeDiagnostic(renderHelpPage({ ...this.rootParts(), root: true }));
  }

  /** showCommandHelp prints a command's page under its canonical name. */
  async showCommandHelp(command: Command.Loadable): Promise<void> {
    writeOut(await this.commandPage(command, command.id.split(':')));
  }

  /** rootPage is `skiff --help`: every top-level command and group, and the global flags. */
  rootPage(): string {
    return renderHelpPage({ summary: ROOT_SUMMARY, ...this.rootParts(), root: true });
  }

  /** groupPage is `skiff container --help`: the group's commands. */
  groupPage(group: string): string {
    const summary = this.tree.groupSummary(group) ?? '';
    return renderHelpPage({
      summary,
      description: summary,
      usage: `${this.config.bin} ${group} [command]`,
      commands: this.tree.entries(group),
    });
  }

  /** commandPage is one command's page, under the name it was typed as (`path`). */
  async commandPage(command: TreeCommand, path: readonly string[]): Promise<string> {
    const statics = (await command.load()) as HelpStatics;
    const { shown, aliases } = shownName(command, path);
    const name = `${this.config.bin} ${shown.join(' ')}`;
    const usage = [statics.usage ?? ''].flat()[0];

    return renderHelpPage({
      summary: statics.summary,
      description: statics.description ?? statics.summary,
      usage: `${name} ${usage}`.trimEnd(),
      aliases,
      examples: (statics.examples ?? []).map((example) => expand(example, this.config.bin, name)),
      options: commandOptions(statics.flags ?? {}),
    });
  }

  private rootParts(): Pick<HelpPage, 'usage' | 'commands' | 'options'> {
    const bin = this.config.bin;
    const own: HelpOption[] = [
      { name: 'help', description: `Help for ${bin}` },
      { name: 'version', char: 'v', description: `version for ${bin}` },
    ];
    const options = [...helpOptions(GLOBAL_FLAGS), ...own].sort((a, b) =>
      a.name < b.name ? -1 : 1,
    );
    return { usage: `${bin} [options] [command]`, commands: this.tree.entries(), options };
  }

  private helpCommandPage(): string {
    const bin = this.config.bin;
    return renderHelpPage({
      summary: `Help provides help for any command in the application.\nSimply type ${bin} help [path to command] for full details.`,
      usage: `${bin} help [command] [flags]`,
    });
  }
}

/**
 * shownName is the name a page shows: the name typed, except that a group's aliases of one
 * command (`container ls`, `container list`) show its canonical name and list the others,
 * as cobra does for a command's aliases.
 */
function shownName(command: TreeCommand, path: readonly string[]) {
  const names = command.helpAliases;
  if (path.length === 2 && names?.includes(path[1])) {
    return { shown: [path[0], names[0]], aliases: names };
  }
  return { shown: [...path], aliases: undefined };
}

// A command with a `-h` of its own lists `--help` without a description, as Podman's do.
function commandOptions(flags: Record<string, FlagDefinition>): HelpOption[] {
  const options = helpOptions(flags);
  if (!options.some((option) => option.char === 'h')) return options;
  return [...options, { name: 'help', description: '' }].sort((a, b) => (a.name < b.name ? -1 : 1));
}

// Examples use oclif's placeholders, so that each shows the name the command was typed as.
function expand(example: Command.Example, bin: string, name: string): string {
  const text = typeof example === 'string' ? example : example.command;
  return text
    .replaceAll('<%= config.bin %> <%= command.id %>', name)
    .replaceAll('<%= config.bin %>', bin);
}
