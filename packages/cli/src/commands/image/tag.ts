import * as Args from '@oclif/core/args';

import { BaseCommand } from '../../base-command.js';

/** ImageTag is `skiff tag`: give an image more names. */
export class ImageTag extends BaseCommand {
  static override summary = 'Add an additional name to a local image';
  static override usage = 'IMAGE TARGET_NAME [TARGET_NAME...]';
  static override aliases = ['tag'];
  static override strict = false;
  static override args = {
    image: Args.string({ required: true, description: 'Image to tag' }),
    target: Args.string({ required: true, description: 'New name' }),
  };
  static override examples = ['skiff tag localhost/busybox registry.example.com/tools/busybox:1'];

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ImageTag);
    const engine = await this.engine(flags);
    await engine.tagImage(argv[0], argv.slice(1));
  }
}
