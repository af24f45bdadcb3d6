import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { readCredentials } from '../../ux/read-credentials.js';
import { writeOut } from '../../ux/output.js';
import { REGISTRY_FLAGS, registryAccess } from '../image/registry-flags.js';

/** Login is `skiff login REGISTRY`: check credentials with the registry and keep them. */
export class Login extends BaseCommand {
  static override summary = 'Log in to a container registry';
  static override usage = '[options] [REGISTRY]';
  static override description = 'Login to a container registry on a specified server.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> registry.example.com',
    'echo secret | <%= config.bin %> <%= command.id %> -u me --password-stdin 127.0.0.1:5000',
    '<%= config.bin %> <%= command.id %> --authfile dir/auth.json registry.example.com',
  ];
  static override args = {
    registry: Args.string({ description: 'Registry host[:port], or host/repository' }),
  };
  static override flags = {
    ...REGISTRY_FLAGS,
    username: Flags.string({ char: 'u', description: 'Username for registry' }),
    password: Flags.string({ char: 'p', description: 'Password for registry' }),
    'password-stdin': Flags.boolean({ description: 'Take the password from stdin' }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseCommand(Login);
    const credentials = await readCredentials({
      username: flags.username as string | undefined,
      password: flags.password as string | undefined,
      passwordStdin: Boolean(flags['password-stdin']),
    });
    const engine = await this.engine(flags);

    await engine.login({ ...registryAccess(flags), registry: args.registry, ...credentials });
    writeOut('Login Succeeded!\n');
  }
}
