import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { runAttached } from '../../ux/attach-streams.js';
import { writeOut } from '../../ux/output.js';
import { DETACH_KEYS_FLAG, SIG_PROXY_FLAG } from './attach-flags.js';
import { CREATE_ARGS, CREATE_FLAGS, pullOnCreate, toCreateOptions } from './create-flags.js';

/** ContainerRun is `skiff run`: create a container from an image and start it. */
export class ContainerRun extends BaseCommand {
  static override summary = 'Run a command in a new container';
  static override usage = '[options] IMAGE [COMMAND [ARG...]]';
  static override description = 'Runs a command in a new container from the given image';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --rm localhost/busybox echo hi',
    '<%= config.bin %> <%= command.id %> --name web -d localhost/busybox httpd -f',
    '<%= config.bin %> <%= command.id %> -it -v data:/data localhost/busybox sh',
  ];
  static override aliases = ['run'];
  static override strict = false;
  static override interspersed = false;
  static override args = CREATE_ARGS;
  static override flags = {
    ...CREATE_FLAGS,
    ...DETACH_KEYS_FLAG,
    ...SIG_PROXY_FLAG,
    detach: Flags.boolean({
      char: 'd',
      description: 'Run container in background and print container ID',
    }),
  };
  // Podman's run reports a runtime failure that is not about the command itself as 126.
  static override exitCodes = { OciRuntime: 126 };

  async run(): Promise<void> {
    const { flags, args, rest } = await this.parseCommand(ContainerRun);
    const options = toCreateOptions(flags, args.image as string, rest);
    const engine = await this.engine(flags);
    const pull = pullOnCreate(flags);

    if (flags.detach) {
      const report = await engine.runContainer(options, {}, pull);
      writeOut(`${report.id}\n`);
      return;
    }

    const attach = {
      interactive: options.interactive,
      tty: options.tty,
      detachKeys: flags['detach-keys'] as string,
    };
    await runAttached(attach, (streams) => {
      const start = { streams, sigProxy: Boolean(flags['sig-proxy']) };
      return engine.runContainer(options, start, pull);
    });
  }
}
