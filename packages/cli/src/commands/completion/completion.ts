import { writeFileSync } from 'node:fs';

import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import type { Shell } from '../../completion/shell-scripts.js';
import { UsageError } from '../../usage-error.js';
import { writeOut } from '../../ux/output.js';

/** Completion is `skiff completion SHELL`: print a shell completion script. */
export class Completion extends BaseCommand {
  static override summary = 'Generate shell autocompletions';
  static override description = [
    'Generate shell autocompletions.',
    'Valid arguments are bash, zsh, and fish.',
    'The script asks skiff itself for candidates (see skiff help __complete), so it completes',
    'the names of containers, images and volumes in the store the command line points at.',
  ].join('\n');
  static override usage = '[options] {bash|zsh|fish}';
  // Podman leaves completion out of its command list too.
  static override hidden = true;
  static override args = {
    shell: Args.string({ required: true, description: 'Shell to complete for' }),
  };
  static override flags = {
    file: Flags.string({
      char: 'f',
      description: 'Output the completion to file rather than stdout.',
    }),
    'no-desc': Flags.boolean({
      description: "Don't include descriptions in the completion output.",
    }),
  };
  static override examples = [
    '<%= config.bin %> <%= command.id %> bash',
    '<%= config.bin %> <%= command.id %> zsh -f _skiff',
    '<%= config.bin %> <%= command.id %> fish --no-desc',
  ];

  async run(): Promise<void> {
    const { flags, args } = await this.parseCommand(Completion);
    const shell = args.shell as string;
    const { completionScript, SHELLS } = await import('../../completion/shell-scripts.js');
    if (!(SHELLS as readonly string[]).includes(shell)) {
      throw new UsageError(`invalid argument "${shell}" for "${this.config.bin} completion"`);
    }

    const script = completionScript(shell as Shell, {
      bin: this.config.bin,
      descriptions: !flags['no-desc'],
    });
    if (flags.file) writeFileSync(flags.file as string, script);
    else writeOut(script);
  }
}
