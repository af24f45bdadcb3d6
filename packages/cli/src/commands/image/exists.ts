import * as Args from '@oclif/core/args';

import { BaseCommand } from '../../base-command.js';

/** ImageExists is `skiff image exists`: status 0 when the image is stored, 1 otherwise. */
export class ImageExists extends BaseCommand {
  static override summary = 'Check if an image exists in local storage';
  static override usage = 'IMAGE';
  static override description =
    'If the named image exists in local storage, skiff image exists exits with 0, otherwise the ' +
    'exit code will be 1.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> localhost/busybox',
    '<%= config.bin %> <%= command.id %> 3f2a7c1e9b0d || <%= config.bin %> pull ' +
      '127.0.0.1:5000/busybox',
  ];
  static override args = {
    image: Args.string({ required: true, description: 'Image name or ID' }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseCommand(ImageExists);
    const engine = await this.engine(flags);
    process.exitCode = (await engine.imageExists(args.image as string)) ? 0 : 1;
  }
}
