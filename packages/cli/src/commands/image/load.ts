import { createReadStream } from 'node:fs';

import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { openInput } from '../../ux/input-file.js';
import { writeOut } from '../../ux/output.js';

/** ImageLoad is `skiff load`: store the images of a docker-archive or oci-archive tarball. */
export class ImageLoad extends BaseCommand {
  static override summary = 'Load image(s) from a tar archive';
  static override usage = '[options]';
  static override description =
    'Loads an image from a locally stored archive (tar file) into container storage.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> -i busybox.tar',
    '<%= config.bin %> <%= command.id %> < busybox.tar',
  ];
  static override aliases = ['load'];
  static override flags = {
    input: Flags.string({
      char: 'i',
      description: 'Read from specified archive file (default: stdin)',
    }),
    quiet: Flags.boolean({ char: 'q', description: 'Suppress the output' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(ImageLoad);
    const path = flags.input as string | undefined;
    const input = path ? await openInput(path, createReadStream) : process.stdin;
    const engine = await this.engine(flags);

    const names = await engine.loadImages(input);
    writeOut(names.map((name) => `Loaded image: ${name}\n`).join(''));
  }
}
