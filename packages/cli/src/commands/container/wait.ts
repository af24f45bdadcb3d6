import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { printBatch } from '../../ux/batch-output.js';
import { containerNames } from './names.js';

/** ContainerWait is `skiff wait`: block until containers reach a state, print exit codes. */
export class ContainerWait extends BaseCommand {
  static override summary = 'Block on one or more containers';
  static override usage = '[options] CONTAINER [CONTAINER...]';
  static override description =
    'Block until one or more containers stop and then print their exit codes.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> web',
    '<%= config.bin %> <%= command.id %> web db',
    '<%= config.bin %> <%= command.id %> --condition running web',
  ];
  static override aliases = ['wait'];
  static override strict = false;
  static override flags = {
    condition: Flags.string({
      description: 'Condition to wait on',
      multiple: true,
      multipleNonGreedy: true,
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ContainerWait);
    const engine = await this.engine(flags);
    const names = await containerNames(engine, argv, false);
    const conditions = (flags.condition as string[] | undefined) ?? [];
    printBatch(await engine.waitContainers(names, conditions), (_, code) => String(code));
  }
}
