import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { writeOut } from '../../ux/output.js';

/** Logout is `skiff logout REGISTRY`: forget the credentials kept for a registry. */
export class Logout extends BaseCommand {
  static override summary = 'Log out of a container registry';
  static override usage = '[options] [REGISTRY]';
  static override description = 'Remove the cached username and password for the registry.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> 127.0.0.1:5000',
    '<%= config.bin %> <%= command.id %> --authfile dir/auth.json registry.example.com',
    '<%= config.bin %> <%= command.id %> --all',
  ];
  static override args = {
    registry: Args.string({ description: 'Registry host[:port], or host/repository' }),
  };
  static override flags = {
    authfile: Flags.string({ description: 'Path of the authentication file' }),
    all: Flags.boolean({
      char: 'a',
      description: 'Remove the cached credentials for all registries',
    }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseCommand(Logout);
    const engine = await this.engine(flags);

    const all = Boolean(flags.all);
    const registry = engine.logout({
      registry: args.registry,
      all,
      authfile: flags.authfile as string | undefined,
    });
    writeOut(
      all
        ? 'Removed login credentials for all registries\n'
        : `Removed login credentials for ${registry}\n`,
    );
  }
}
