import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { writeOut } from '../../ux/output.js';
import { abortOnInterrupt } from '../../ux/interrupt.js';
import { TransferProgress } from '../../ux/transfer-progress.js';
import { REGISTRY_FLAGS, registryAccess } from './registry-flags.js';

/** ImagePull is `skiff pull`: fetch an image from a registry and print its id. */
export class ImagePull extends BaseCommand {
  static override summary = 'Pull an image from a registry';
  static override usage = '[options] IMAGE';
  static override aliases = ['pull'];
  static override args = {
    image: Args.string({ required: true, description: 'Image reference, as docker://NAME too' }),
  };
  static override flags = {
    ...REGISTRY_FLAGS,
    creds: Flags.string({ description: 'Credentials (USERNAME:PASSWORD) to use for the registry' }),
    platform: Flags.string({ description: 'Pull the image for the platform OS/ARCH[/VARIANT]' }),
    arch: Flags.string({ description: 'Use ARCH instead of the architecture of the machine' }),
    os: Flags.string({ description: 'Use OS instead of the running OS' }),
    variant: Flags.string({ description: 'Use VARIANT instead of the default variant' }),
    quiet: Flags.boolean({ char: 'q', description: 'Suppress output information' }),
  };
  static override examples = ['skiff pull --tls-verify=false 127.0.0.1:5000/busybox:latest'];

  async run(): Promise<void> {
    const { flags, args } = await this.parseCommand(ImagePull);
    const progress = new TransferProgress('pull', Boolean(flags.quiet));
    const engine = await this.engine(flags);

    const pulled = await abortOnInterrupt((signal) =>
      engine.pullImage({
        ...registryAccess(flags),
        reference: args.image as string,
        creds: flags.creds as string | undefined,
        platform: flags.platform as string | undefined,
        arch: flags.arch as string | undefined,
        os: flags.os as string | undefined,
        variant: flags.variant as string | undefined,
        onProgress: progress.handle,
        onMessage: progress.message,
        signal,
      }),
    );
    writeOut(`${pulled.image.id}\n`);
  }
}
