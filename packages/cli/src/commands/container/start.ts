import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { errorMessage } from '../../ux/error-message.js';
import { writeError, writeOut } from '../../ux/output.js';

/** ContainerStart is `skiff start`: start created or stopped containers. */
export class ContainerStart extends BaseCommand {
  static override summary = 'Start one or more containers';
  static override usage = '[options] CONTAINER [CONTAINER...]';
  static override aliases = ['start'];
  static override strict = false;
  static override args = {
    container: Args.string({ required: true, description: 'Container name or ID' }),
  };
  static override flags = {
    attach: Flags.boolean({ char: 'a', description: "Attach the container's STDOUT and STDERR" }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ContainerStart);
    const engine = await this.engine(flags);

    if (flags.attach) {
      if (argv.length > 1) this.error('you cannot start and attach multiple containers at once');
      const report = await engine.startContainer(argv[0], true);
      process.exitCode = report.exitCode ?? 0;
      return;
    }
    for (const name of argv) {
      try {
        await engine.startContainer(name, false);
        writeOut(`${name}\n`);
      } catch (error) {
        writeError(errorMessage(error));
        process.exitCode = 125;
      }
    }
  }
}
