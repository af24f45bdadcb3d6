import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { InvalidArgument } from '@skiff/contracts';

import { BaseCommand } from '../../base-command.js';
import { errorMessage } from '../../ux/error-message.js';
import { printInspectTemplate } from '../../ux/inspect-format.js';
import { VOLUME_SHAPE } from '../../ux/inspect-shapes.js';
import { toPodmanJson } from '../../ux/json.js';
import { isJsonFormat } from '../../ux/list-format.js';
import { writeError, writeOut } from '../../ux/output.js';

/** VolumeInspect is `skiff volume inspect`: Podman's JSON for volumes. */
export class VolumeInspect extends BaseCommand {
  static override summary = 'Display detailed information on one or more volumes';
  static override usage = '[options] VOLUME [VOLUME...]';
  static override description = [
    'Display detailed information on one or more volumes.',
    '',
    'Use a Go template to change the format from JSON.',
  ].join('\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> data',
    '<%= config.bin %> <%= command.id %> --all',
    '<%= config.bin %> <%= command.id %> --format "{{.Driver}} {{.Mountpoint}}" data',
  ];
  static override strict = false;
  static override args = {
    volume: Args.string({ required: false, description: 'Volume name' }),
  };
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Inspect all volumes' }),
    format: Flags.string({
      char: 'f',
      description: 'Format volume output: json or a template',
      defaultHelp: 'json',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parseCommand(VolumeInspect);
    if (Boolean(flags.all) === argv.length > 0) {
      throw new InvalidArgument('provide one or more volume names or use --all');
    }
    const engine = await this.engine(flags);
    const names = flags.all ? engine.listVolumes().map((v) => String(v.Name)) : argv;
    const results = await engine.inspectVolumes(names);

    const found = results.flatMap((r) => ('value' in r ? [r.value] : []));
    const format = flags.format as string | undefined;
    if (format === undefined || isJsonFormat(format)) writeOut(toPodmanJson(found));
    else await printInspectTemplate(format, found, VOLUME_SHAPE);
    for (const result of results) {
      if (!('error' in result)) continue;
      writeError(errorMessage(result.error));
      process.exitCode = 125;
    }
  }
}
