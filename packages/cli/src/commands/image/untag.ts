import * as Args from '@oclif/core/args';

import { BaseCommand } from '../../base-command.js';

/** ImageUntag is `skiff untag`: take names from an image, or all of them. */
export class ImageUntag extends BaseCommand {
  static override summary = 'Remove a name from a local image';
  static override usage = 'IMAGE [IMAGE...]';
  static override description = 'Removes one or more names from a locally-stored image.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> localhost/busybox',
    '<%= config.bin %> <%= command.id %> localhost/app localhost/app:1.0 ' +
      'registry.example.com/team/app',
  ];
  static override aliases = ['untag'];
  static override strict = false;
  static override args = { image: Args.string({ required: true, description: 'Image to untag' }) };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ImageUntag);
    const engine = await this.engine(flags);
    await engine.untagImage(argv[0], argv.slice(1));
  }
}
