import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import type { HistoryEntry } from '@skiff/core';

import { BaseCommand } from '../../base-command.js';
import { HISTORY_HEADERS, historyJson, historyRow } from '../../ux/history-rows.js';
import { ago, humanSize } from '../../ux/human.js';
import { isJsonFormat, printListTemplate } from '../../ux/list-format.js';
import { writeOut } from '../../ux/output.js';
import { renderTable } from '../../ux/table.js';

/** ImageHistory is `skiff history`: the steps that built an image, newest first. */
export class ImageHistory extends BaseCommand {
  static override summary = 'Show history of a specified image';
  static override usage = '[options] IMAGE';
  static override description = [
    'Displays the history of an image.',
    '',
    'The information can be printed out in an easy to read, or user specified format, and can be ' +
      'truncated.',
  ].join('\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> localhost/busybox',
    '<%= config.bin %> <%= command.id %> --no-trunc localhost/busybox',
    '<%= config.bin %> <%= command.id %> -q 3f2a7c1e9b0d',
    '<%= config.bin %> <%= command.id %> --format "{{.ID}} {{.CreatedBy}}" localhost/busybox',
  ];
  static override aliases = ['history'];
  static override args = {
    image: Args.string({ required: true, description: 'Image name or ID' }),
  };
  static override flags = {
    format: Flags.string({ description: 'Change the output to JSON or a Go template' }),
    'no-trunc': Flags.boolean({ description: 'Do not truncate the output' }),
    quiet: Flags.boolean({ char: 'q', description: 'Display the numeric IDs only' }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseCommand(ImageHistory);
    const engine = await this.engine(flags);
    const entries = await engine.imageHistory(args.image as string);
    const full = Boolean(flags['no-trunc']);
    const id = (value: string) => (full || value === '<missing>' ? value : value.slice(0, 12));

    const format = flags.format as string | undefined;

    if (flags.quiet) {
      writeOut(entries.map((entry) => `${id(entry.id)}\n`).join(''));
      return;
    }
    if (format !== undefined) {
      await printHistory(format, entries, full);
      return;
    }
    const rows = entries.map((entry) => [
      id(entry.id),
      ago(entry.created),
      full || entry.createdBy.length <= 45 ? entry.createdBy : `${entry.createdBy.slice(0, 42)}...`,
      humanSize(entry.size),
      entry.comment,
    ]);
    writeOut(renderTable(['ID', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT'], rows));
  }
}

async function printHistory(format: string, entries: HistoryEntry[], noTrunc: boolean) {
  if (isJsonFormat(format)) {
    writeOut(historyJson(entries));
    return;
  }
  const rows = entries.map((entry) => historyRow(entry, { noTrunc, now: Date.now() }));
  // Podman 4.3's history has no --noheading: a table format always has its header.
  await printListTemplate(format, rows, {
    name: 'history',
    headers: HISTORY_HEADERS,
    noHeading: false,
  });
}
