import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { runAttached } from '../../ux/attach-streams.js';
import { DETACH_KEYS_FLAG, SIG_PROXY_FLAG } from './attach-flags.js';

/** ContainerAttach is `skiff attach`: connect to a running container's stdio. */
export class ContainerAttach extends BaseCommand {
  static override summary = 'Attach to a running container';
  static override usage = '[options] CONTAINER';
  static override description =
    "The skiff attach command allows you to attach to a running container using the container's " +
    'ID or name, either to view its ongoing output or to control it interactively.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> web',
    '<%= config.bin %> <%= command.id %> --no-stdin 3f2a7c1e9b0d',
    '<%= config.bin %> <%= command.id %> --detach-keys ctrl-x web',
  ];
  static override aliases = ['attach'];
  static override args = {
    container: Args.string({ required: true, description: 'Container name or ID' }),
  };
  static override flags = {
    'no-stdin': Flags.boolean({ description: 'Do not attach STDIN. The default is false' }),
    ...DETACH_KEYS_FLAG,
    ...SIG_PROXY_FLAG,
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseCommand(ContainerAttach);
    const engine = await this.engine(flags);
    const name = args.container as string;
    const created = engine.containerCreateOptions(name);

    const attach = {
      interactive: created.interactive && !flags['no-stdin'],
      tty: created.tty,
      detachKeys: flags['detach-keys'] as string,
    };
    await runAttached(attach, (streams) =>
      engine.attachContainer(name, { streams, sigProxy: Boolean(flags['sig-proxy']) }),
    );
  }
}
