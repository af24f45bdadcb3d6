import * as Args from '@oclif/core/args';

import { BaseCommand } from '../../base-command.js';

/** ContainerExists is `skiff container exists`: status 0 when the container exists, else 1. */
export class ContainerExists extends BaseCommand {
  static override summary = 'Check if a container exists in local storage';
  static override usage = 'CONTAINER';
  static override description =
    'If the named container exists in local storage, skiff container exists exits with 0, ' +
    'otherwise the exit code will be 1.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> web',
    '<%= config.bin %> <%= command.id %> web || <%= config.bin %> run --name web -d ' +
      'localhost/busybox sleep 1000',
  ];
  static override args = {
    container: Args.string({ required: true, description: 'Container name or ID' }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseCommand(ContainerExists);
    const engine = await this.engine(flags);
    process.exitCode = engine.containerExists(args.container as string) ? 0 : 1;
  }
}
