import { BaseCommand } from '../../base-command.js';
import { writeOut } from '../../ux/output.js';
import { renderTable } from '../../ux/table.js';

/** PluginList is `skiff plugin ls`: which provider fills each role, from which package. */
export class PluginList extends BaseCommand {
  static override summary = 'List the provider chosen for each role';
  static override usage = '[options]';
  static override description =
    'Lists the provider that fills each role (image, label, seccomp, runtime), with the plugin ' +
    'that provides it and the engine API range it supports.';
  static helpAliases = ['ls', 'list'];
  static override examples = ['<%= config.bin %> <%= command.id %>'];
  static override aliases = ['plugins', 'plugin:list'];

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(PluginList);
    const engine = await this.engine(flags);
    const providers = await engine.listPlugins();

    const rows = providers.map((p) => [
      p.role,
      p.configured === 'auto' && p.role === 'label'
        ? `${p.implementation} (auto)`
        : p.implementation,
      p.packageName,
      p.packageVersion,
      p.apiRange,
    ]);
    writeOut(renderTable(['ROLE', 'PROVIDER', 'PACKAGE', 'VERSION', 'API RANGE'], rows));
  }
}
