import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { printBatch } from '../../ux/batch-output.js';
import { containerNames } from './names.js';

/** ContainerKill is `skiff kill`: send a signal to running containers. */
export class ContainerKill extends BaseCommand {
  static override summary = 'Kill one or more running containers with a specific signal';
  static override usage = '[options] CONTAINER [CONTAINER...]';
  static override description =
    'The main process inside each container specified will be sent SIGKILL, or any signal ' +
    'specified with option --signal.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> web',
    '<%= config.bin %> <%= command.id %> --signal TERM 3f2a7c1e9b0d',
    '<%= config.bin %> <%= command.id %> -a -s HUP',
  ];
  static override aliases = ['kill'];
  static override strict = false;
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Signal all running containers' }),
    signal: Flags.string({
      char: 's',
      description: 'Signal to send to the container',
      default: 'KILL',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ContainerKill);
    const engine = await this.engine(flags);
    const names = await containerNames(engine, argv, Boolean(flags.all), true);
    printBatch(await engine.killContainers(names, flags.signal as string));
  }
}
