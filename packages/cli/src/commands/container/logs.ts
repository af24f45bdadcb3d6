import * as Flags from '@oclif/core/flags';
import { InvalidArgument } from '@skiff/contracts';

import { BaseCommand } from '../../base-command.js';
import { abortOnInterrupt } from '../../ux/interrupt.js';

/** ContainerLogs is `skiff logs`: print the logs of one or more containers. */
export class ContainerLogs extends BaseCommand {
  static override summary = 'Fetch the logs of one or more containers';
  static override usage = '[options] CONTAINER [CONTAINER...]';
  static override description = [
    'Retrieves logs for one or more containers.',
    '',
    'This does not guarantee execution order when combined with skiff run (i.e., your run may ' +
      'not have generated any logs at the time you execute skiff logs).',
  ].join('\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> web',
    '<%= config.bin %> <%= command.id %> -f --tail 10 web',
    '<%= config.bin %> <%= command.id %> --since 10m -t -n web db',
  ];
  static override aliases = ['logs'];
  static override strict = false;
  static override flags = {
    follow: Flags.boolean({ char: 'f', description: 'Follow log output' }),
    names: Flags.boolean({ char: 'n', description: 'Output the container name in the log' }),
    since: Flags.string({ description: 'Show logs since TIMESTAMP' }),
    until: Flags.string({ description: 'Show logs until TIMESTAMP' }),
    tail: Flags.string({
      description: 'Output the specified number of LINES at the end of the logs (-1: all)',
      helpValue: 'int',
      default: '-1',
    }),
    timestamps: Flags.boolean({ char: 't', description: 'Output the timestamps in the log' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(ContainerLogs);
    const options = {
      follow: Boolean(flags.follow),
      names: Boolean(flags.names),
      since: flags.since as string | undefined,
      until: flags.until as string | undefined,
      tail: parseTail(flags.tail as string),
      timestamps: Boolean(flags.timestamps),
    };
    const engine = await this.engine(flags);

    const streams = { stdout: process.stdout, stderr: process.stderr };
    const interrupted = await abortOnInterrupt(async (signal) => {
      await engine.containerLogs(argv, { ...options, signal }, streams);
      return signal.aborted;
    });
    // Podman ends with status 1 when an interrupt stops `logs -f`.
    if (interrupted) process.exitCode = 1;
  }
}

/** parseTail reads `--tail` as Go's strconv.ParseInt does, with cobra's wording for errors. */
function parseTail(value: string): number {
  const fail = (reason: string) =>
    new InvalidArgument(
      `invalid argument ${JSON.stringify(value)} for "--tail" flag: ` +
        `strconv.ParseInt: parsing ${JSON.stringify(value)}: ${reason}`,
    );
  if (!/^[+-]?\d+$/.test(value)) throw fail('invalid syntax');
  const parsed = BigInt(value);
  if (parsed > 2n ** 63n - 1n || parsed < -(2n ** 63n)) throw fail('value out of range');
  return Number(parsed);
}
