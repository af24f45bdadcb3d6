import { createInterface } from 'node:readline/promises';

import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { printBatch } from '../../ux/batch-output.js';

/** ContainerPrune is `skiff container prune`: remove every container that is not running. */
export class ContainerPrune extends BaseCommand {
  static override summary = 'Remove all non running containers';
  static override usage = '[options]';
  static override description = 'Removes all non running containers';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --force',
  ];
  static override flags = {
    force: Flags.boolean({ char: 'f', description: 'Do not prompt for confirmation' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(ContainerPrune);
    if (!flags.force && !(await confirm())) return;

    const engine = await this.engine(flags);
    printBatch(await engine.pruneContainers());
  }
}

async function confirm(): Promise<boolean> {
  process.stdout.write('WARNING! This will remove all non running containers.\n');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question('Are you sure you want to continue? [y/N] ');
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
