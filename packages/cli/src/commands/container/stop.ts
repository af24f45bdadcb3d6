import * as Flags from '@oclif/core/flags';
import { SkiffError } from '@skiff/contracts';

import { BaseCommand } from '../../base-command.js';
import { printBatch } from '../../ux/batch-output.js';
import { containerNames } from './names.js';
import { warnEscalation } from './stop-warning.js';

/** ContainerStop is `skiff stop`: stop containers with their stop signal, then SIGKILL. */
export class ContainerStop extends BaseCommand {
  static override summary = 'Stop one or more containers';
  static override usage = '[options] CONTAINER [CONTAINER...]';
  static override description = [
    'Stops one or more running containers.  The container name or ID can be used.',
    '',
    'A timeout to forcibly stop the container can also be set but defaults to 10 seconds ' +
      'otherwise.',
  ].join('\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> web',
    '<%= config.bin %> <%= command.id %> -t 2 web db',
    '<%= config.bin %> <%= command.id %> --all',
  ];
  static override aliases = ['stop'];
  static override strict = false;
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Stop all running containers' }),
    ignore: Flags.boolean({ char: 'i', description: 'Ignore errors when a container is missing' }),
    time: Flags.integer({
      char: 't',
      helpValue: 'uint',
      defaultHelp: 10,
      description: 'Seconds to wait for stop before killing the container',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ContainerStop);
    const engine = await this.engine(flags);
    const names = await containerNames(engine, argv, Boolean(flags.all), true);

    let results = await engine.stopContainers(names, flags.time as number | undefined);
    if (flags.ignore) {
      results = results.filter(
        (r) => !('error' in r) || SkiffError.codeOf(r.error) !== 'NoSuchContainer',
      );
    }
    printBatch(results, (name, report) => {
      warnEscalation(name, report);
      return name;
    });
  }
}
