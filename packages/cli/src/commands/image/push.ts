import { writeFileSync } from 'node:fs';

import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { abortOnInterrupt } from '../../ux/interrupt.js';
import { TransferProgress } from '../../ux/transfer-progress.js';
import { REGISTRY_FLAGS, registryAccess } from './registry-flags.js';

/** ImagePush is `skiff push IMAGE [DESTINATION]`: copy a local image to a registry. */
export class ImagePush extends BaseCommand {
  static override summary = 'Push an image to a specified destination';
  static override usage = '[options] IMAGE [DESTINATION]';
  static override description = [
    'Pushes a source image to a specified destination.',
    '',
    'Without a DESTINATION, the image goes to the registry its name points at.',
  ].join('\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> registry.example.com/team/app:1',
    '<%= config.bin %> <%= command.id %> --tls-verify=false localhost/app 127.0.0.1:5000/app',
    '<%= config.bin %> <%= command.id %> --digestfile app.digest localhost/app ' +
      'registry.example.com/team/app',
  ];
  static override aliases = ['push'];
  static override args = {
    image: Args.string({ required: true, description: 'Local image name or ID' }),
    destination: Args.string({ description: 'Where to push it (default: the image name)' }),
  };
  static override flags = {
    ...REGISTRY_FLAGS,
    creds: Flags.string({
      description: 'Credentials (USERNAME:PASSWORD) to use for the registry',
      helpValue: 'Credentials',
    }),
    digestfile: Flags.string({ description: 'Write the digest of the pushed image to this file' }),
    quiet: Flags.boolean({ char: 'q', description: 'Suppress output information' }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseCommand(ImagePush);
    const progress = new TransferProgress('push', Boolean(flags.quiet));
    const engine = await this.engine(flags);

    const digest = await abortOnInterrupt((signal) =>
      engine.pushImage({
        ...registryAccess(flags),
        image: args.image as string,
        destination: args.destination,
        creds: flags.creds as string | undefined,
        onProgress: progress.handle,
        signal,
      }),
    );
    const digestFile = flags.digestfile as string | undefined;
    if (digestFile) writeFileSync(digestFile, digest);
  }
}
