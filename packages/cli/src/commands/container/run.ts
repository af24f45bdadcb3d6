import * as Flags from '@oclif/core/flags';

import { InvalidArgument } from '@skiff/contracts';

import { BaseCommand } from '../../base-command.js';
import { writeOut } from '../../ux/output.js';
import { CREATE_ARGS, CREATE_FLAGS, pullOnCreate, toCreateOptions } from './create-flags.js';

/** ContainerRun is `skiff run`: create a container from an image and start it. */
export class ContainerRun extends BaseCommand {
  static override summary = 'Run a command in a new container';
  static override usage = '[options] IMAGE [COMMAND [ARG...]]';
  static override aliases = ['run'];
  static override strict = false;
  static override interspersed = false;
  static override args = CREATE_ARGS;
  static override flags = {
    ...CREATE_FLAGS,
    detach: Flags.boolean({
      char: 'd',
      description: 'Run container in background and print container ID',
    }),
  };
  // Podman's run reports a runtime failure that is not about the command itself as 126.
  static override exitCodes = { OciRuntime: 126 };
  static override examples = [
    'skiff run --rm localhost/busybox echo hi',
    'skiff run --name web -d localhost/busybox httpd -f',
  ];

  async run(): Promise<void> {
    const { flags, args, rest } = await this.parseCommand(ContainerRun);
    const options = toCreateOptions(flags, args.image as string, rest);
    // TODO: -t without a terminal on stdin needs a pseudo-terminal made through conmon's console
    // socket, which the lifecycle work adds; runc alone can only reuse the caller's terminal.
    if (options.tty && !flags.detach && !process.stdin.isTTY) {
      throw new InvalidArgument('--tty needs standard input to be a terminal');
    }
    const engine = await this.engine(flags);

    const report = await engine.runContainer(options, Boolean(flags.detach), pullOnCreate(flags));
    if (flags.detach) writeOut(`${report.id}\n`);
    else process.exitCode = report.exitCode ?? 0;
  }
}
