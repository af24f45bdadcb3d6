import * as Flags from '@oclif/core/flags';
import { InvalidArgument } from '@skiff/contracts';

import { BaseCommand } from '../../base-command.js';
import {
  DISK_USAGE_HEADERS,
  DiskUsageRow,
  diskUsageJson,
  renderDiskUsage,
  renderDiskUsageVerbose,
} from '../../ux/disk-usage-output.js';
import { printListTemplate } from '../../ux/list-format.js';
import { writeOut } from '../../ux/output.js';

// Podman 4.3's df takes only this as JSON; `{{json .}}` is a template applied to each row.
const JSON_FORMAT = /^\s*json\s*$/;

/** SystemDf is `skiff system df`: the space images, containers and volumes take. */
export class SystemDf extends BaseCommand {
  static override summary = 'Show skiff disk usage';
  static override usage = '[options]';
  static override flags = {
    format: Flags.string({ description: 'Pretty-print the totals using JSON or a Go template' }),
    verbose: Flags.boolean({ char: 'v', description: 'Show detailed information on disk usage' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(SystemDf);
    const format = flags.format as string | undefined;
    if (format !== undefined && flags.verbose) {
      throw new InvalidArgument('cannot combine --format and --verbose flags');
    }

    const engine = await this.engine(flags);
    const report = await engine.diskUsage();

    if (flags.verbose) writeOut(renderDiskUsageVerbose(report));
    else if (format === undefined) writeOut(renderDiskUsage(report.summary));
    else if (JSON_FORMAT.test(format)) writeOut(diskUsageJson(report.summary));
    else {
      const rows = report.summary.map((row) => new DiskUsageRow(row));
      await printListTemplate(format, rows, {
        name: 'df',
        headers: DISK_USAGE_HEADERS,
        noHeading: false,
      });
    }
  }
}
