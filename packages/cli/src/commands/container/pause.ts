import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { printBatch } from '../../ux/batch-output.js';
import { containerNames } from './names.js';

/** ContainerPause is `skiff pause`: pause all processes of containers (cgroup freezer). */
export class ContainerPause extends BaseCommand {
  static override summary = 'Pause all the processes in one or more containers';
  static override usage = '[options] CONTAINER [CONTAINER...]';
  static override description =
    'Pauses one or more running containers.  The container name or ID can be used.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> web',
    '<%= config.bin %> <%= command.id %> web db',
    '<%= config.bin %> <%= command.id %> --all',
  ];
  static override aliases = ['pause'];
  static override strict = false;
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Pause all containers' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ContainerPause);
    const engine = await this.engine(flags);
    const names = await containerNames(engine, argv, Boolean(flags.all), true);
    printBatch(await engine.pauseContainers(names));
  }
}
