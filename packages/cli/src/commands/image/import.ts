import { createReadStream } from 'node:fs';

import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { openInput } from '../../ux/input-file.js';
import { writeOut } from '../../ux/output.js';

/** ImageImport is `skiff import`: make a one-layer image from a root file system tarball. */
export class ImageImport extends BaseCommand {
  static override summary = 'Import a tarball to create a filesystem image';
  static override usage = '[options] PATH [REFERENCE]';
  static override description = [
    'Create a container image from the contents of the specified tarball (.tar, .tar.gz, .tgz), ' +
      'or from stdin when PATH is -.',
    '',
    'Optionally tag the image.',
  ].join('\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> rootfs.tar localhost/busybox',
    'tar -C rootfs -c . | <%= config.bin %> <%= command.id %> - localhost/busybox',
    '<%= config.bin %> <%= command.id %> --message "first cut" rootfs.tar',
  ];
  static override aliases = ['import'];
  static override args = {
    path: Args.string({ required: true, description: 'Tarball path, or - for stdin' }),
    reference: Args.string({ description: 'Name for the new image' }),
  };
  static override flags = {
    message: Flags.string({ char: 'm', description: 'Set commit message for imported image' }),
    quiet: Flags.boolean({ char: 'q', description: 'Suppress output' }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseCommand(ImageImport);
    const path = args.path as string;
    const source = path === '-' ? process.stdin : await openInput(path, createReadStream);
    const engine = await this.engine(flags);

    const image = await engine.importImage({
      source,
      reference: args.reference,
      message: flags.message as string | undefined,
    });
    writeOut(`sha256:${image.id}\n`);
  }
}
