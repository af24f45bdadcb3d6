import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { writeOut } from '../../ux/output.js';
import { abortOnInterrupt } from '../../ux/interrupt.js';
import { TransferProgress } from '../../ux/transfer-progress.js';
import { PULL_FLAGS, pullAccess } from './registry-flags.js';

/** ImagePull is `skiff pull`: fetch an image from a registry and print its id. */
export class ImagePull extends BaseCommand {
  static override summary = 'Pull an image from a registry';
  static override usage = '[options] IMAGE';
  static override description = [
    'Pulls an image from a registry and stores it locally.',
    '',
    'An image can be pulled by tag or digest. If a tag is not specified, the image with the ' +
      "'latest' tag is pulled.",
  ].join('\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> registry.example.com/tools/busybox',
    '<%= config.bin %> <%= command.id %> --tls-verify=false 127.0.0.1:5000/busybox:latest',
    '<%= config.bin %> <%= command.id %> --platform linux/arm64 ' +
      'registry.example.com/tools/busybox:1.36',
  ];
  static override aliases = ['pull'];
  static override args = {
    image: Args.string({ required: true, description: 'Image reference, as docker://NAME too' }),
  };
  static override flags = {
    ...PULL_FLAGS,
    quiet: Flags.boolean({ char: 'q', description: 'Suppress output information' }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseCommand(ImagePull);
    const progress = new TransferProgress('pull', Boolean(flags.quiet));
    const engine = await this.engine(flags);

    const pulled = await abortOnInterrupt((signal) =>
      engine.pullImage({
        ...pullAccess(flags),
        reference: args.image as string,
        onProgress: progress.handle,
        onMessage: progress.message,
        signal,
      }),
    );
    writeOut(`${pulled.image.id}\n`);
  }
}
