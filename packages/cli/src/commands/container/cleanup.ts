import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { printBatch } from '../../ux/batch-output.js';
import { containerNames } from './names.js';

/**
 * ContainerCleanup is `skiff container cleanup`: what follows a container's exit (exit code,
 * unmount, `--rm`, restart policy). conmon runs it as each container's exit command.
 */
export class ContainerCleanup extends BaseCommand {
  static override summary = 'Clean up network and mountpoints of one or more containers';
  static override usage = '[options] CONTAINER [CONTAINER...]';
  static override description =
    'Cleans up mount points and network stacks on one or more containers from the host. The ' +
    'container name or ID can be used. This command is used internally when running containers, ' +
    'but can also be used if container cleanup has failed when a container exits.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> web',
    '<%= config.bin %> <%= command.id %> 3f2a7c1e9b0d 9b0d3f2a7c1e',
    '<%= config.bin %> <%= command.id %> --all',
  ];
  static override strict = false;
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Cleans up all containers' }),
    // Set by the exit command conmon runs: an attached process may be cleaning up itself.
    monitor: Flags.boolean({ hidden: true }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ContainerCleanup);
    const engine = await this.engine(flags);
    const names = await containerNames(engine, argv, Boolean(flags.all));
    // conmon's callback has no terminal to report to; a user's call reports as usual.
    const fromMonitor = Boolean(flags.monitor);
    const results = [];
    for (const name of names) {
      try {
        results.push({ name, value: await engine.cleanupContainer(name) });
      } catch (error) {
        if (fromMonitor) continue;
        results.push({ name, error });
      }
    }
    printBatch(results);
  }
}
