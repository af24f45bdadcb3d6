import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { SkiffError } from '@skiff/contracts';

import { BaseCommand } from '../../base-command.js';
import { exitCodeFor } from '../../exit-codes.js';
import { errorMessage } from '../../ux/error-message.js';
import { writeError, writeOut } from '../../ux/output.js';

/** ImageRemove is `skiff rmi`: untag or remove images. */
export class ImageRemove extends BaseCommand {
  static override summary = 'Remove one or more images from local storage';
  static override usage = '[options] IMAGE [IMAGE...]';
  static override description = 'Removes one or more previously pulled or locally created images.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> localhost/busybox',
    '<%= config.bin %> <%= command.id %> --force localhost/app',
    '<%= config.bin %> <%= command.id %> 3f2a7c1e9b0d 9b0d3f2a7c1e',
  ];
  static override aliases = ['rmi', 'image:remove'];
  static override strict = false;
  static override args = {
    image: Args.string({ required: true, description: 'Image name or ID' }),
  };
  static override flags = {
    force: Flags.boolean({
      char: 'f',
      description: 'Force removal of the image and any containers using it',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ImageRemove);
    const engine = await this.engine(flags);

    for (const result of await engine.removeImages(argv, Boolean(flags.force))) {
      if ('value' in result) {
        for (const name of result.value.untagged) writeOut(`Untagged: ${name}\n`);
        if (result.value.deleted) writeOut(`Deleted: ${result.value.deleted}\n`);
        continue;
      }
      // Podman's statuses for rmi: 1 when the image is unknown, 2 when a container uses it.
      const code = SkiffError.codeOf(result.error);
      writeError(errorMessage(result.error));
      process.exitCode = code === 'NoSuchImage' ? 1 : code === 'ImageInUse' ? 2 : exitCodeFor(code);
    }
  }
}
