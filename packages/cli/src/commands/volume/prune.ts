import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { writeOut } from '../../ux/output.js';

/** VolumePrune is `skiff volume prune`: remove every volume no container uses. */
export class VolumePrune extends BaseCommand {
  static override summary = 'Remove all unused volumes';
  static override usage = '[options]';
  static override description = [
    'Volumes that are not currently owned by a container will be removed.',
    '',
    'The command prompts for confirmation which can be overridden with the --force flag.',
    'Note all data will be destroyed.',
  ].join('\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --force',
  ];
  static override flags = {
    force: Flags.boolean({ char: 'f', description: 'Do not prompt for confirmation' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(VolumePrune);
    const engine = await this.engine(flags);
    // TODO: without --force Podman asks for confirmation on a terminal; there is no prompt yet,
    // so prune goes ahead as if --force had been given.
    const removed = await engine.pruneVolumes();
    writeOut(removed.map((name) => `${name}\n`).join(''));
  }
}
