import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { isJsonFormat, printListTemplate } from '../../ux/list-format.js';
import { writeOut } from '../../ux/output.js';
import { renderTable } from '../../ux/table.js';
import { VOLUME_HEADERS, volumeListRow } from '../../ux/volume-rows.js';

// Podman's report writer pads every column but the last to at least 12 characters: a cell of
// 10 plus the table's gap of two.
const MIN_CELL = 10;

/** VolumeList is `skiff volume ls`: one row per volume, as Podman prints them. */
export class VolumeList extends BaseCommand {
  static override summary = 'List volumes';
  static override usage = '[options]';
  static override description =
    'List all available volumes. The output format can be changed to JSON or a user specified Go ' +
    'template.';
  static helpAliases = ['ls', 'list'];
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --quiet',
    '<%= config.bin %> <%= command.id %> --format json',
    '<%= config.bin %> <%= command.id %> --format "table {{.Name}} {{.Mountpoint}}"',
  ];
  static override aliases = ['volume:list'];
  static override flags = {
    quiet: Flags.boolean({ char: 'q', description: 'Print volume output in quiet mode' }),
    format: Flags.string({ description: 'Format volume output using Go template' }),
    noheading: Flags.boolean({ description: 'Do not print headers' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(VolumeList);
    const engine = await this.engine(flags);
    const volumes = engine.listVolumes();

    if (flags.quiet) {
      writeOut(volumes.map((volume) => `${String(volume.Name)}\n`).join(''));
      return;
    }
    const format = flags.format as string | undefined;
    if (format !== undefined && isJsonFormat(format)) {
      // Podman's volume list prints its JSON indented by two spaces, unlike inspect.
      writeOut(`${JSON.stringify(volumes, null, 2)}\n`);
      return;
    }
    if (format !== undefined) {
      const rows = volumes.map(volumeListRow);
      const noHeading = Boolean(flags.noheading);
      await printListTemplate(format, rows, { name: 'ls', headers: VOLUME_HEADERS, noHeading });
      return;
    }

    const rows = volumes.map((volume) => [String(volume.Driver), String(volume.Name)]);
    const table = renderTable(['DRIVER'.padEnd(MIN_CELL), 'VOLUME NAME'], rows);
    writeOut(flags.noheading ? table.slice(table.indexOf('\n') + 1) : table);
  }
}
