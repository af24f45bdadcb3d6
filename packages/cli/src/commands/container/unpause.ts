import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { printBatch } from '../../ux/batch-output.js';
import { containerNames } from './names.js';

/** ContainerUnpause is `skiff unpause`: unpause all processes of containers (cgroup freezer). */
export class ContainerUnpause extends BaseCommand {
  static override summary = 'Unpause the processes in one or more containers';
  static override usage = '[options] CONTAINER [CONTAINER...]';
  static override description =
    'Unpauses one or more previously paused containers.  The container name or ID can be used.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> web',
    '<%= config.bin %> <%= command.id %> web db',
    '<%= config.bin %> <%= command.id %> --all',
  ];
  static override aliases = ['unpause'];
  static override strict = false;
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Unpause all containers' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ContainerUnpause);
    const engine = await this.engine(flags);
    const names = await containerNames(engine, argv, Boolean(flags.all), true);
    printBatch(await engine.unpauseContainers(names));
  }
}
