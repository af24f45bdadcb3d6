import * as Flags from '@oclif/core/flags';
import { InvalidArgument } from '@skiff/contracts';
import type { ContainerSummary } from '@skiff/core';

import { BaseCommand } from '../../base-command.js';
import { splitCommas } from '../../comma-values.js';
import { isJsonFormat, printListTemplate } from '../../ux/list-format.js';
import { writeOut } from '../../ux/output.js';
import { PS_HEADERS, PsReporter, psJson, psTable } from '../../ux/ps-rows.js';

/** SORT_KEYS are `--sort`'s values, in Podman's order. */
const SORT_KEYS = ['command', 'created', 'id', 'image', 'names', 'runningfor', 'size', 'status'];

/** ContainerList is `skiff ps`: list containers. */
export class ContainerList extends BaseCommand {
  static override summary = 'List containers';
  static override usage = '[options]';
  static override description = 'Prints out information about the containers';
  static helpAliases = ['list', 'ls'];
  static override examples = [
    '<%= config.bin %> <%= command.id %> -a',
    '<%= config.bin %> <%= command.id %> -q',
    '<%= config.bin %> <%= command.id %> --all --no-trunc',
  ];
  static override aliases = ['ps', 'container:ps', 'container:list'];
  static override flags = {
    all: Flags.boolean({
      char: 'a',
      description: 'Show all the containers, default is only running containers',
    }),
    quiet: Flags.boolean({
      char: 'q',
      description: 'Print the numeric IDs of the containers only',
    }),
    'no-trunc': Flags.boolean({ description: 'Display the extended information' }),
    external: Flags.boolean({ description: 'Show containers in storage not controlled by Podman' }),
    filter: Flags.string({
      char: 'f',
      description: 'Filter output based on conditions given',
      multiple: true,
      multipleNonGreedy: true,
    }),
    format: Flags.string({
      description: 'Pretty-print containers to JSON or using a Go template',
    }),
    last: Flags.integer({
      char: 'n',
      description: 'Print the n last created containers (all states)',
    }),
    latest: Flags.boolean({
      char: 'l',
      description: 'Act on the latest container podman is aware of',
    }),
    noheading: Flags.boolean({ description: 'Do not print headers' }),
    pod: Flags.boolean({
      char: 'p',
      description: 'Print the ID and name of the pod the containers are associated with',
    }),
    size: Flags.boolean({ char: 's', description: 'Display the total file sizes' }),
    sort: Flags.string({
      description: `Sort output by: ${SORT_KEYS.join(', ')}`,
      default: 'created',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(ContainerList);
    const sort = checkSort(flags.sort as string);
    const engine = await this.engine(flags);
    const containers = await engine.listContainers({
      // --last and --latest pick from every container, as in Podman.
      all: Boolean(flags.all) || flags.last !== undefined || Boolean(flags.latest),
      filters: splitCommas(flags.filter as string[] | undefined),
      sort,
      last: flags.last as number | undefined,
      latest: Boolean(flags.latest),
      size: Boolean(flags.size),
    });
    await printContainers(containers, flags);
  }
}

// Podman's flag parser refuses a bad --sort before the command runs, in its own words.
function checkSort(sort: string): string {
  if (SORT_KEYS.includes(sort)) return sort;
  throw new InvalidArgument(
    `invalid argument "${sort}" for "--sort" flag: "${sort}" is not a valid value.  ` +
      `Choose from: "${SORT_KEYS.join(', ')}"`,
  );
}

async function printContainers(
  containers: ContainerSummary[],
  flags: Record<string, unknown>,
): Promise<void> {
  const options = { noTrunc: Boolean(flags['no-trunc']), now: Date.now() };
  const rows = containers.map((container) => new PsReporter(container, options));
  const format = flags.format as string | undefined;

  if (flags.quiet && !format) {
    writeOut(rows.map((row) => `${row.ID}\n`).join(''));
  } else if (format && isJsonFormat(format)) {
    writeOut(psJson(containers, options.now));
  } else if (format) {
    // Podman reads `.Namespaces.PIDNS` as `.PIDNS`.
    const template = format.replaceAll('.Namespaces.', '.');
    const noHeading = Boolean(flags.noheading);
    await printListTemplate(template, rows, { name: 'ps', headers: PS_HEADERS, noHeading });
  } else {
    const columns = { size: Boolean(flags.size), pod: Boolean(flags.pod) };
    writeOut(psTable(rows, { ...columns, noHeading: Boolean(flags.noheading) }));
  }
}
