import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { runAttached } from '../../ux/attach-streams.js';
import { errorMessage } from '../../ux/error-message.js';
import { writeError, writeOut } from '../../ux/output.js';
import { DETACH_KEYS_FLAG, SIG_PROXY_FLAG } from './attach-flags.js';

/** ContainerStart is `skiff start`: start created or stopped containers. */
export class ContainerStart extends BaseCommand {
  static override summary = 'Start one or more containers';
  static override usage = '[options] CONTAINER [CONTAINER...]';
  static override description =
    'Starts one or more containers.  The container name or ID can be used.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> web',
    '<%= config.bin %> <%= command.id %> -ai web',
    '<%= config.bin %> <%= command.id %> web db',
  ];
  static override aliases = ['start'];
  static override strict = false;
  static override args = {
    container: Args.string({ required: true, description: 'Container name or ID' }),
  };
  static override flags = {
    attach: Flags.boolean({ char: 'a', description: "Attach the container's STDOUT and STDERR" }),
    interactive: Flags.boolean({ char: 'i', description: "Attach the container's STDIN" }),
    ...DETACH_KEYS_FLAG,
    ...SIG_PROXY_FLAG,
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ContainerStart);
    const engine = await this.engine(flags);

    if (flags.attach) {
      if (argv.length > 1) this.error('you cannot start and attach multiple containers at once');
      await this.startAttached(argv[0], flags);
      return;
    }
    for (const name of argv) {
      try {
        const report = await engine.startContainer(name);
        if (!report.alreadyRunning) writeOut(`${name}\n`);
      } catch (error) {
        writeError(errorMessage(error));
        process.exitCode = 125;
      }
    }
  }

  private async startAttached(name: string, flags: Record<string, unknown>): Promise<void> {
    const engine = await this.engine(flags);
    const attach = {
      interactive: Boolean(flags.interactive),
      tty: engine.containerTty(name),
      detachKeys: flags['detach-keys'] as string,
    };
    await runAttached(attach, (streams) =>
      engine.startContainer(name, { streams, sigProxy: Boolean(flags['sig-proxy']) }),
    );
  }
}
