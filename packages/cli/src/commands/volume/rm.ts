import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { InvalidArgument, SkiffError } from '@skiff/contracts';

import { BaseCommand } from '../../base-command.js';
import { exitCodeFor } from '../../exit-codes.js';
import { errorMessage } from '../../ux/error-message.js';
import { writeError, writeOut } from '../../ux/output.js';

/** VolumeRemove is `skiff volume rm`: remove volumes, refusing those containers use. */
export class VolumeRemove extends BaseCommand {
  static override summary = 'Remove one or more volumes';
  static override usage = '[options] VOLUME [VOLUME...]';
  static override description = [
    'Remove one or more existing volumes.',
    '',
    'By default only volumes that are not being used by any containers will be removed. To ' +
      'remove the volumes anyways, use the --force flag.',
  ].join('\n');
  static helpAliases = ['rm', 'remove'];
  static override examples = [
    '<%= config.bin %> <%= command.id %> data scratch',
    '<%= config.bin %> <%= command.id %> --all',
    '<%= config.bin %> <%= command.id %> --force data',
  ];
  static override aliases = ['volume:remove'];
  static override strict = false;
  static override args = {
    volume: Args.string({ required: false, description: 'Volume name' }),
  };
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Remove all volumes' }),
    force: Flags.boolean({
      char: 'f',
      description: 'Remove a volume by force, even if it is being used by a container',
    }),
    time: Flags.integer({
      char: 't',
      helpValue: 'uint',
      defaultHelp: 10,
      description: 'Seconds to wait for running containers to stop before killing the container',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(VolumeRemove);
    if (Boolean(flags.all) === argv.length > 0) {
      throw new InvalidArgument('choose either one or more volumes or all');
    }
    const engine = await this.engine(flags);
    const names = flags.all ? engine.listVolumes().map((v) => String(v.Name)) : argv;

    const results = await engine.removeVolumes(names, Boolean(flags.force));
    // As Podman, the names removed come first, then one line per failure.
    for (const result of results)
      if ('value' in result && result.value) writeOut(`${result.name}\n`);
    for (const result of results) {
      if (!('error' in result)) continue;
      // Podman's statuses for volume rm: 1 when the volume is unknown, 2 when a container uses it.
      const code = SkiffError.codeOf(result.error);
      writeError(errorMessage(result.error));
      process.exitCode =
        code === 'NoSuchVolume' ? 1 : code === 'VolumeInUse' ? 2 : exitCodeFor(code);
    }
  }
}
