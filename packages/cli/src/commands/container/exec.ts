import * as Flags from '@oclif/core/flags';
import { InvalidArgument } from '@skiff/contracts';

import { BaseCommand, overrideExitCodes } from '../../base-command.js';
import { runAttached } from '../../ux/attach-streams.js';
import { writeOut } from '../../ux/output.js';
import { DETACH_KEYS_FLAG } from './attach-flags.js';

const many = { multiple: true, multipleNonGreedy: true } as const;

/** ContainerExec is `skiff exec`: run a process in a running container. */
export class ContainerExec extends BaseCommand {
  static override summary = 'Run a process in a running container';
  static override usage = '[options] CONTAINER [COMMAND [ARG...]]';
  static override description = 'Execute the specified command inside a running container.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> -it web sh',
    '<%= config.bin %> <%= command.id %> web cat /etc/hostname',
    '<%= config.bin %> <%= command.id %> -e GREETING=hi -u 1000 -w /tmp web env',
  ];
  static override aliases = ['exec'];
  static override strict = false;
  static override interspersed = false;
  static override flags = {
    detach: Flags.boolean({ char: 'd', description: 'Run the exec session in detached mode' }),
    env: Flags.string({
      char: 'e',
      description: 'Set environment variables',
      helpValue: 'stringArray',
      ...many,
    }),
    interactive: Flags.boolean({ char: 'i', description: 'Keep STDIN open even if not attached' }),
    tty: Flags.boolean({ char: 't', description: 'Allocate a pseudo-TTY' }),
    user: Flags.string({ char: 'u', description: 'Sets the username or UID used' }),
    workdir: Flags.string({ char: 'w', description: 'Working directory inside the container' }),
    ...DETACH_KEYS_FLAG,
  };
  // Podman's exec gives its own statuses: 255 for a container that is not running, 126 when
  // the runtime fails otherwise.
  static override exitCodes = { ContainerState: 255, OciRuntime: 126 };

  async run(): Promise<void> {
    const { flags, argv, rest } = await this.parseCommand(ContainerExec);
    const [name] = argv;
    if (name === undefined) {
      throw new InvalidArgument('exec requires the name or ID of a container or the --latest flag');
    }
    if (rest.length === 0)
      throw new InvalidArgument('must provide a non-empty command to start an exec session');

    const engine = await this.engine(flags);
    const options = {
      command: rest,
      env: (flags.env as string[] | undefined) ?? [],
      workdir: flags.workdir as string | undefined,
      user: flags.user as string | undefined,
      tty: Boolean(flags.tty),
      interactive: Boolean(flags.interactive),
      detach: Boolean(flags.detach),
    };
    if (options.detach) {
      // Podman's detached exec reports a command it cannot run as an engine error, 125.
      overrideExitCodes({ ExecutableNotFound: 125, ExecutablePermission: 125 });
      const report = await engine.execContainer(name, options);
      writeOut(`${report.sessionId}\n`);
      return;
    }

    const attach = { ...options, detachKeys: flags['detach-keys'] as string };
    await runAttached(attach, (streams) => engine.execContainer(name, options, streams));
  }
}
