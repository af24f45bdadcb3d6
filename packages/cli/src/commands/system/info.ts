import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { infoView } from '../../ux/info-view.js';
import { isJsonFormat, parseFormatTemplate } from '../../ux/list-format.js';
import { writeOut } from '../../ux/output.js';
import { toPodmanYaml } from '../../ux/podman-yaml.js';

/** SystemInfo is `skiff info`: the host, the store, registries, versions and providers in use. */
export class SystemInfo extends BaseCommand {
  static override summary = 'Display skiff system information';
  static override description =
    'Information about the host, the store, registries and versions, as podman info shows it, ' +
    'and the provider filling each role, how it was chosen and the plugin it comes from.';
  static override usage = '[options]';
  static override aliases = ['info'];
  static override flags = {
    format: Flags.string({
      char: 'f',
      description: 'Change the output format to JSON or a Go template',
    }),
  };
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --format json',
    '<%= config.bin %> <%= command.id %> --format "{{.Host.Arch}} {{.Store.GraphRoot}}"',
  ];

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(SystemInfo);
    const format = flags.format as string | undefined;
    // Parsed first: a bad template fails before the host is examined.
    const template =
      format === undefined || isJsonFormat(format)
        ? undefined
        : await parseFormatTemplate(format, 'info');

    const engine = await this.engine(flags);
    const report = await engine.systemInfo();

    // Podman ends its YAML with a blank line; scripts that compare output see the same.
    if (format === undefined) writeOut(`${toPodmanYaml({ ...report })}\n`);
    else if (template) writeOut(template(infoView(report)));
    else writeOut(`${JSON.stringify(report, null, 2)}\n`);
  }
}
