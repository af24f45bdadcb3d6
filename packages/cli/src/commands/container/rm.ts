import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { SkiffError } from '@skiff/contracts';

import { BaseCommand } from '../../base-command.js';
import { exitCodeFor } from '../../exit-codes.js';
import { errorMessage } from '../../ux/error-message.js';
import { writeError, writeOut } from '../../ux/output.js';
import { containerNames } from './names.js';
import { warnEscalation } from './stop-warning.js';

/** ContainerRemove is `skiff rm`: remove one or more containers. */
export class ContainerRemove extends BaseCommand {
  static override summary = 'Remove one or more containers';
  static override usage = '[options] CONTAINER [CONTAINER...]';
  static override description = [
    'Removes one or more containers from the host. The container name or ID can be used.',
    '',
    'Command does not remove images. Running or unusable containers will not be removed without ' +
      'the -f option.',
  ].join('\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> web',
    '<%= config.bin %> <%= command.id %> -f -t 0 web db',
    '<%= config.bin %> <%= command.id %> --all',
  ];
  static override aliases = ['rm', 'container:remove'];
  static override strict = false;
  static override args = {
    container: Args.string({ description: 'Container name or ID' }),
  };
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Remove all containers' }),
    force: Flags.boolean({
      char: 'f',
      description: 'Force removal of a running or unusable container',
    }),
    time: Flags.integer({
      char: 't',
      helpValue: 'uint',
      defaultHelp: 10,
      description: 'Seconds to wait for stop before killing the container',
    }),
  };
  // Podman's rm: 1 for a missing container, 2 for one that is running.
  static override exitCodes = { ContainerState: 2 };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ContainerRemove);
    const engine = await this.engine(flags);
    const options = { force: Boolean(flags.force), timeout: flags.time as number | undefined };
    const names = await containerNames(engine, argv, Boolean(flags.all));

    for (const result of await engine.removeContainers(names, options)) {
      if ('value' in result) {
        warnEscalation(result.name, result.value.stop);
        writeOut(`${result.name}\n`);
        continue;
      }
      const missing = SkiffError.codeOf(result.error) === 'NoSuchContainer';
      // Podman ignores missing containers under --force and exits 1 for them otherwise.
      if (missing && flags.force) continue;
      writeError(errorMessage(result.error));
      process.exitCode = missing
        ? 1
        : exitCodeFor(SkiffError.codeOf(result.error), { ContainerState: 2 });
    }
  }
}
