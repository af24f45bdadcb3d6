import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { isJsonFormat, printListTemplate } from '../../ux/list-format.js';
import { writeOut } from '../../ux/output.js';
import {
  PLUGIN_HEADERS,
  pluginRow,
  pluginTemplateRow,
  type PluginRow,
} from '../../ux/plugin-rows.js';
import { renderTable } from '../../ux/table.js';

/** PluginList is `skiff plugin ls`: which provider fills each role, from which package. */
export class PluginList extends BaseCommand {
  static override summary = 'List the provider chosen for each role';
  static override usage = '[options]';
  static override description =
    'Lists the provider that fills each role (image, label, seccomp, runtime), with the plugin ' +
    'that provides it and the engine API range it supports. --format takes json or a Go ' +
    'template with the fields .Role, .Provider, .Package, .Version and .APIRange.';
  static helpAliases = ['ls', 'list'];
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --format json',
    '<%= config.bin %> <%= command.id %> --format "table {{.Role}} {{.Provider}}"',
  ];
  static override aliases = ['plugins', 'plugin:list'];
  static override flags = {
    format: Flags.string({ description: 'Format the output to JSON or a Go template' }),
    noheading: Flags.boolean({ description: 'Do not print headers' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(PluginList);
    const engine = await this.engine(flags);
    const rows = (await engine.listPlugins()).map(pluginRow);
    const format = flags.format as string | undefined;

    if (format === undefined) writeOut(pluginTable(rows, Boolean(flags.noheading)));
    // Indented by four, as Podman's list commands print their JSON.
    else if (isJsonFormat(format)) writeOut(`${JSON.stringify(rows, null, 4)}\n`);
    else {
      await printListTemplate(format, rows.map(pluginTemplateRow), {
        name: 'ls',
        headers: PLUGIN_HEADERS,
        noHeading: Boolean(flags.noheading),
      });
    }
  }
}

function pluginTable(rows: PluginRow[], noHeading: boolean): string {
  const cells = rows.map((r) => [r.Role, r.Provider, r.Package, r.Version, r.APIRange]);
  const table = renderTable(['ROLE', 'PROVIDER', 'PACKAGE', 'VERSION', 'API RANGE'], cells);
  return noHeading ? table.slice(table.indexOf('\n') + 1) : table;
}
