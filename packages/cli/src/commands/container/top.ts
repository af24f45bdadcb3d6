import { InvalidArgument } from '@skiff/contracts';

import { BaseCommand } from '../../base-command.js';
import { writeOut } from '../../ux/output.js';

/** Podman's tab writer: cells at least 12 wide, with 2 spaces after the widest. */
const MIN_WIDTH = 12;
const PADDING = 2;

/** ContainerTop is `skiff top`: the processes of a running container. */
export class ContainerTop extends BaseCommand {
  static override summary = 'Display the running processes of a container';
  static override description = [
    'The top command extends the ps(1) compatible AIX descriptors with container-specific ones.',
    'Arguments that are not descriptors (e.g. -eo) run ps(1) inside the container.',
    '',
    'Format Descriptors:',
    '  args,capamb,capbnd,capeff,capinh,capprm,comm,etime,group,groups,hgroup,hgroups,hpid,' +
      'huser,label,nice,pcpu,pgid,pid,ppid,rgroup,rss,ruser,seccomp,state,stime,time,tty,user,vsz',
  ].join('\n');
  static override usage = '[options] CONTAINER [FORMAT-DESCRIPTORS|ARGS...]';
  static override examples = [
    '<%= config.bin %> <%= command.id %> web',
    '<%= config.bin %> <%= command.id %> web pid seccomp args %C',
    '<%= config.bin %> <%= command.id %> web -eo user,pid,comm',
  ];
  static override aliases = ['top'];
  static override strict = false;
  // Everything after the container is descriptors or ps(1) arguments, flags (`-eo`) included.
  static override interspersed = false;

  async run(): Promise<void> {
    const { flags, argv, rest } = await this.parseCommand(ContainerTop);
    const [name] = argv;
    if (name === undefined) {
      throw new InvalidArgument('you must provide the name or id of a running container');
    }

    const engine = await this.engine(flags);
    const report = await engine.topContainer(name, rest);
    writeOut(renderTabbed(report.rows));
  }
}

/**
 * renderTabbed lays rows out as Go's tab writer does for Podman: every cell but a row's last
 * is padded to its column's width, which counts characters, not bytes.
 */
function renderTabbed(rows: string[][]): string {
  const length = (cell: string) => [...cell].length;
  const widths: number[] = [];
  for (const row of rows) {
    row.slice(0, -1).forEach((cell, col) => {
      widths[col] = Math.max(widths[col] ?? MIN_WIDTH, length(cell) + PADDING);
    });
  }

  const pad = (cell: string, col: number) => cell + ' '.repeat(widths[col] - length(cell));
  const line = (row: string[]) =>
    row.map((cell, col) => (col < row.length - 1 ? pad(cell, col) : cell)).join('');
  return rows.map((row) => `${line(row)}\n`).join('');
}
