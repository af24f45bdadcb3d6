import type { CompletionNames, Engine, NameKind } from '@skiff/core';

import { BaseCommand } from '../../base-command.js';
import { splitGlobalOptions } from '../../global-options.js';
import { writeOut } from '../../ux/output.js';

const NO_NAMES: CompletionNames = { names: [], ids: [] };

/** Complete is the hidden `skiff __complete`, which the completion scripts call back. */
export class Complete extends BaseCommand {
  static override summary = 'Complete a skiff command line';
  static override description = [
    'Prints the candidates for the last of WORDS, the words of a skiff command line after the',
    'program name, the last being the word under the cursor (empty when a new word starts).',
    '',
    'The answer follows the protocol of cobra, which Podman uses: one candidate a line, a tab',
    'and a description after it if it has one, then a last line of ":" and a directive, the',
    'sum of 1 (completion failed), 2 (add no space after the word) and 4 (offer no file',
    'names). Global flags among WORDS (--root, --runroot) choose the store whose containers,',
    'images and volumes are offered.',
  ].join('\n');
  static override usage = '[WORDS...]';
  static override hidden = true;
  static override strict = false;
  static override examples = [
    '<%= config.bin %> <%= command.id %> ins',
    '<%= config.bin %> <%= command.id %> --root /tmp/store rm ""',
  ];

  async run(): Promise<void> {
    // The words are the user's command line, not this command's flags: they are never parsed,
    // so `skiff help __complete` shows this page and `__complete --help` completes `--help`.
    const words = this.argv;
    const { CommandTree } = await import('../../command-tree.js');
    const { Completer } = await import('../../completion/completer.js');
    const { renderCompletion } = await import('../../ux/completion-output.js');

    const tree = new CommandTree(this.config.commands, this.config.topics);
    const completer = new Completer(tree, (kind) => this.storeNames(words, kind));
    writeOut(renderCompletion(await completer.complete(words)));
  }

  // A store that cannot be read offers no names; completion never prints an error.
  private async storeNames(words: string[], kind: NameKind): Promise<CompletionNames> {
    try {
      return (await this.storeEngine(words)).completionNames(kind);
    } catch {
      return NO_NAMES;
    }
  }

  private storeEngine(words: string[]): Promise<Engine> {
    const { globals } = splitGlobalOptions(words);
    return this.engine({
      root: globals.root,
      runroot: globals.runroot,
      'storage-driver': globals.storageDriver,
      config: globals.config,
    });
  }
}
