import type { Config } from '@oclif/core/config';

import { CommandTree } from './command-tree.js';
import { UsageError } from './usage-error.js';

const HELP_FLAGS = ['--help', '-h'];

/**
 * answerWithoutCommand handles a command line that names no command, as Podman's root does:
 * `help [words]` and `--help [words]` print help, a bare group (or a bare `skiff`) prints its
 * help and fails with `missing command`, anything else fails as an unrecognized command with
 * Podman's suggestions. Help is loaded only here, off the path of every real command.
 */
export async function answerWithoutCommand(config: Config, argv: string[]): Promise<void> {
  const { PodmanHelp } = await import('./ux/podman-help.js');
  const help = new PodmanHelp(config);
  const [first, ...rest] = argv;

  if (first === 'help' && rest.some((word) => HELP_FLAGS.includes(word))) {
    return help.showHelp(['help']);
  }
  if (first === 'help' || HELP_FLAGS.includes(first)) {
    return help.showHelp(rest.filter((word) => !HELP_FLAGS.includes(word)));
  }

  const tree = new CommandTree(config.commands, config.topics);
  const { group, rest: after } = tree.lookup(argv);
  const path = group ? `${config.bin} ${group}` : config.bin;
  const next = group ? after[0] : first;
  if (next === undefined) {
    await help.showHelp(group ? [group] : []);
    throw new UsageError(`missing command '${path} COMMAND'`);
  }
  if (group && HELP_FLAGS.includes(next)) return help.showHelp([group]);
  throw unrecognized(tree, path, next, group);
}

function unrecognized(tree: CommandTree, path: string, typed: string, group?: string) {
  const suggestions = tree.suggest(typed, group);
  const did =
    suggestions.length > 0 ? `\nDid you mean this?\n\t${suggestions.join('\n\t')}\n\n` : '';
  return new UsageError(
    `unrecognized command \`${path} ${typed}\``,
    `${did}Try '${path} --help' for more information`,
  );
}
