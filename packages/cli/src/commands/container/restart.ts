import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { printBatch } from '../../ux/batch-output.js';
import { containerNames } from './names.js';
import { warnEscalation } from './stop-warning.js';

/** ContainerRestart is `skiff restart`: stop running containers, then start them again. */
export class ContainerRestart extends BaseCommand {
  static override summary = 'Restart one or more containers';
  static override usage = '[options] CONTAINER [CONTAINER...]';
  static override description = [
    'Restarts one or more running containers. The container ID or name can be used.',
    '',
    'A timeout before forcibly stopping can be set, but defaults to 10 seconds.',
  ].join('\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> web',
    '<%= config.bin %> <%= command.id %> -t 3 web db',
    '<%= config.bin %> <%= command.id %> --all --running',
  ];
  static override aliases = ['restart'];
  static override strict = false;
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Restart all non-running containers' }),
    running: Flags.boolean({ description: 'Restart only running containers when --all is used' }),
    time: Flags.integer({
      char: 't',
      helpValue: 'uint',
      defaultHelp: 10,
      description: 'Seconds to wait for stop before killing the container',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ContainerRestart);
    const engine = await this.engine(flags);
    const names = await containerNames(engine, argv, Boolean(flags.all), Boolean(flags.running));
    const results = await engine.restartContainers(names, flags.time as number | undefined);
    printBatch(results, (name, stop) => {
      warnEscalation(name, stop);
      return name;
    });
  }
}
