import * as Flags from '@oclif/core/flags';
import { InvalidArgument } from '@skiff/contracts';

import { BaseCommand } from '../../base-command.js';
import { writeOut } from '../../ux/output.js';
import { toPodmanYaml } from '../../ux/podman-yaml.js';

// Podman's report package treats these as JSON output rather than as templates.
const JSON_FORMAT = /^\s*(json|\{\{\s*json\s*\.\s*\}\})\s*$/;

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
      description: 'Change the output format to JSON (Go templates are not supported yet)',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(SystemInfo);
    const format = flags.format as string | undefined;
    if (format !== undefined && !JSON_FORMAT.test(format)) {
      throw new InvalidArgument(`--format "${format}" is not supported: use json`);
    }

    const engine = await this.engine(flags);
    const report = await engine.systemInfo();

    // Podman ends its YAML with a blank line; scripts that compare output see the same.
    if (format === undefined) writeOut(`${toPodmanYaml({ ...report })}\n`);
    else writeOut(`${JSON.stringify(report, null, 2)}\n`);
  }
}
