import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { writeToFileOrStdout } from '../../ux/output-file.js';

/** ImageSave is `skiff save`: write images into a docker-archive or oci-archive tarball. */
export class ImageSave extends BaseCommand {
  static override summary = 'Save image(s) to an archive';
  static override usage = '[options] IMAGE [IMAGE...]';
  static override description =
    'Save an image to docker-archive or oci-archive on the local machine. Default is ' +
    'docker-archive.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> -o busybox.tar localhost/busybox',
    '<%= config.bin %> <%= command.id %> --format oci-archive -o app.tar localhost/app',
    '<%= config.bin %> <%= command.id %> -m localhost/a localhost/b > both.tar',
  ];
  static override aliases = ['save'];
  static override strict = false;
  static override args = {
    image: Args.string({ required: true, description: 'Image name or ID' }),
  };
  static override flags = {
    output: Flags.string({ char: 'o', description: 'Write to a specified file (default: stdout)' }),
    format: Flags.string({
      description: 'Save image to oci-archive or docker-archive',
      default: 'docker-archive',
    }),
    'multi-image-archive': Flags.boolean({
      char: 'm',
      description: 'Interpret additional arguments as images not tags',
    }),
    quiet: Flags.boolean({ char: 'q', description: 'Suppress the output' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ImageSave);
    const engine = await this.engine(flags);
    await writeToFileOrStdout(flags.output as string | undefined, (output) =>
      engine.saveImages({
        names: argv,
        format: flags.format as string,
        multiImage: Boolean(flags['multi-image-archive']),
        output,
      }),
    );
  }
}
