import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { writeToFileOrStdout } from '../../ux/output-file.js';

/** ContainerExport is `skiff export`: a container's file system as a tarball. */
export class ContainerExport extends BaseCommand {
  static override summary = "Export a container's filesystem contents as a tar archive";
  static override usage = '[options] CONTAINER';
  static override description =
    "Exports container's filesystem contents as a tar archive and saves it on the local " +
    'machine.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> web > web.tar',
    '<%= config.bin %> <%= command.id %> --output web.tar 3f2a7c1e9b0d',
  ];
  static override aliases = ['export'];
  static override args = {
    container: Args.string({ required: true, description: 'Container name or ID' }),
  };
  static override flags = {
    output: Flags.string({ char: 'o', description: 'Write to a specified file (default: stdout)' }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseCommand(ContainerExport);
    const engine = await this.engine(flags);
    await writeToFileOrStdout(flags.output as string | undefined, (output) =>
      engine.exportContainer(args.container as string, output),
    );
  }
}
