import * as Args from '@oclif/core/args';

import { BaseCommand } from '../../base-command.js';

/** ImageTag is `skiff tag`: give an image more names. */
export class ImageTag extends BaseCommand {
  static override summary = 'Add an additional name to a local image';
  static override usage = 'IMAGE TARGET_NAME [TARGET_NAME...]';
  static override description = 'Adds one or more additional names to locally-stored image.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> localhost/busybox registry.example.com/tools/busybox:1',
    '<%= config.bin %> <%= command.id %> 3f2a7c1e9b0d localhost/app:latest localhost/app:1.0',
  ];
  static override aliases = ['tag'];
  static override strict = false;
  static override args = {
    image: Args.string({ required: true, description: 'Image to tag' }),
    target: Args.string({ required: true, description: 'New name' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ImageTag);
    const engine = await this.engine(flags);
    await engine.tagImage(argv[0], argv.slice(1));
  }
}
