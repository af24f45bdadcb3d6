import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { writeOut } from '../../ux/output.js';

/** VolumeCreate is `skiff volume create`: make a named volume and print its name. */
export class VolumeCreate extends BaseCommand {
  static override summary = 'Create a new volume';
  static override usage = '[options] [NAME]';
  static override description =
    'If using the default driver, "local", the volume will be created on the host in the volumes ' +
    'directory under container storage.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> data',
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --label app=web data',
  ];
  static override args = {
    name: Args.string({ required: false, description: 'Volume name (generated when absent)' }),
  };
  static override flags = {
    driver: Flags.string({ description: 'Specify volume driver name', default: 'local' }),
    label: Flags.string({
      char: 'l',
      description: 'Set metadata for a volume',
      defaultHelp: [],
      multiple: true,
      multipleNonGreedy: true,
    }),
    opt: Flags.string({
      char: 'o',
      description: 'Set driver specific options',
      helpValue: 'stringArray',
      defaultHelp: [],
      multiple: true,
      multipleNonGreedy: true,
    }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseCommand(VolumeCreate);
    const engine = await this.engine(flags);
    const name = await engine.createVolume({
      name: args.name,
      driver: flags.driver as string,
      // Podman reads `--label` as a comma-separated list, `--opt` one value at a time.
      labels: ((flags.label as string[] | undefined) ?? []).flatMap((l) => l.split(',')),
      options: (flags.opt as string[] | undefined) ?? [],
    });
    writeOut(`${name}\n`);
  }
}
