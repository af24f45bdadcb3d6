import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { SkiffError } from '@skiff/contracts';

import { BaseCommand } from '../../base-command.js';
import { exitCodeFor } from '../../exit-codes.js';
import { errorMessage } from '../../ux/error-message.js';
import { writeError, writeOut } from '../../ux/output.js';

/** ContainerRemove is `skiff rm`: remove one or more containers. */
export class ContainerRemove extends BaseCommand {
  static override summary = 'Remove one or more containers';
  static override usage = '[options] CONTAINER [CONTAINER...]';
  static override aliases = ['rm', 'container:remove'];
  static override strict = false;
  static override args = {
    container: Args.string({ required: true, description: 'Container name or ID' }),
  };
  static override flags = {
    force: Flags.boolean({
      char: 'f',
      description: 'Force removal of a running or unusable container',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ContainerRemove);
    const engine = await this.engine(flags);

    for (const result of await engine.removeContainers(argv, Boolean(flags.force))) {
      if ('value' in result) {
        writeOut(`${result.value}\n`);
        continue;
      }
      const missing = SkiffError.codeOf(result.error) === 'NoSuchContainer';
      // Podman ignores missing containers under --force and exits 1 for them otherwise.
      if (missing && flags.force) continue;
      writeError(errorMessage(result.error));
      process.exitCode = missing ? 1 : exitCodeFor(SkiffError.codeOf(result.error));
    }
  }
}
