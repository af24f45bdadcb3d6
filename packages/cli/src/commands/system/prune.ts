import * as Flags from '@oclif/core/flags';
import { InvalidArgument } from '@skiff/contracts';

import { BaseCommand } from '../../base-command.js';
import { confirmPrompt } from '../../ux/confirm-prompt.js';
import { printPruneReport, pruneWarning } from '../../ux/prune-output.js';

/**
 * SystemPrune is `skiff system prune`: stopped containers, dangling images (every unused one
 * with -a) and, with --volumes, unused volumes, through the prunes of each kind.
 */
export class SystemPrune extends BaseCommand {
  static override summary = 'Remove unused data';
  static override usage = '[options]';
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Remove all unused data' }),
    force: Flags.boolean({ char: 'f', description: 'Do not prompt for confirmation' }),
    volumes: Flags.boolean({ description: 'Prune volumes' }),
    filter: Flags.string({
      description: 'Provide filter values (not supported yet)',
      multiple: true,
      multipleNonGreedy: true,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(SystemPrune);
    // TODO: `--filter` (until=, label=) needs the container, image and volume prunes to take
    // filters first; until they do, a filter is refused rather than silently ignored.
    if ((flags.filter as string[] | undefined)?.length) {
      throw new InvalidArgument('--filter is not supported by system prune yet');
    }
    const options = { all: Boolean(flags.all), volumes: Boolean(flags.volumes) };
    if (!flags.force && !(await confirmPrompt(pruneWarning(options)))) return;

    const engine = await this.engine(flags);
    printPruneReport(await engine.pruneSystem(options));
  }
}
