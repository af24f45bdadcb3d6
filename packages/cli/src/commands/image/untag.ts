import * as Args from '@oclif/core/args';

import { BaseCommand } from '../../base-command.js';

/** ImageUntag is `skiff untag`: take names from an image, or all of them. */
export class ImageUntag extends BaseCommand {
  static override summary = 'Remove a name from a local image';
  static override usage = 'IMAGE [IMAGE...]';
  static override aliases = ['untag'];
  static override strict = false;
  static override args = { image: Args.string({ required: true, description: 'Image to untag' }) };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ImageUntag);
    const engine = await this.engine(flags);
    await engine.untagImage(argv[0], argv.slice(1));
  }
}
