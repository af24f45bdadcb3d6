import * as Flags from '@oclif/core/flags';
import type { ContainerSummary } from '@skiff/core';

import { BaseCommand } from '../../base-command.js';
import { ago } from '../../ux/human.js';
import { writeOut } from '../../ux/output.js';
import { renderTable } from '../../ux/table.js';

/** ContainerList is `skiff ps`: list containers. */
export class ContainerList extends BaseCommand {
  static override summary = 'List containers';
  static override usage = '[options]';
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
  };

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(ContainerList);
    const engine = await this.engine(flags);
    // Without --all, Podman lists running containers only, not paused ones.
    const listed = await engine.listContainers(Boolean(flags.all));
    const containers = flags.all ? listed : listed.filter((c) => c.status.status === 'running');
    const id = (c: ContainerSummary) => (flags['no-trunc'] ? c.id : c.id.slice(0, 12));

    if (flags.quiet) {
      writeOut(containers.map((c) => `${id(c)}\n`).join(''));
      return;
    }
    const header = ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'];
    const rows = containers.map((c) => [
      id(c),
      c.image,
      command(c.command, Boolean(flags['no-trunc'])),
      ago(c.created),
      status(c),
      '',
      c.names.join(','),
    ]);
    writeOut(renderTable(header, rows));
  }
}

function command(args: string[], full: boolean): string {
  const text = args.join(' ');
  return full || text.length <= 17 ? text : `${text.slice(0, 17)}...`;
}

function status(c: ContainerSummary): string {
  const state = c.status;
  switch (state.status) {
    case 'created':
      return 'Created';
    case 'running':
      return `Up ${state.startedAt ? ago(state.startedAt) : ''}`.trim();
    case 'paused':
      return 'Paused';
    default:
      return `Exited (${state.exitCode}) ${state.finishedAt ? ago(state.finishedAt) : ''}`.trim();
  }
}
