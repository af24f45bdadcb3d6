import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { writeOut } from '../../ux/output.js';

/** ImagePrune is `skiff image prune`: remove unnamed images, or every unused one with -a. */
export class ImagePrune extends BaseCommand {
  static override summary = 'Remove unused images';
  static override usage = '[options]';
  static override description = 'Removes dangling or unused images from local storage.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> -a -f',
  ];
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Remove all images not in use by containers' }),
    force: Flags.boolean({ char: 'f', description: 'Do not prompt for confirmation' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(ImagePrune);
    const engine = await this.engine(flags);
    // TODO: ask for confirmation on a terminal without --force, as Podman does; until the
    // prompt exists, prune proceeds as if --force were given.
    const removed = await engine.pruneImages(Boolean(flags.all));
    writeOut(removed.map((id) => `${id}\n`).join(''));
  }
}
