import * as Flags from '@oclif/core/flags';

import { BaseCommand } from '../../base-command.js';
import { printBatch } from '../../ux/batch-output.js';
import { confirmPrompt } from '../../ux/confirm-prompt.js';
import { resetWarning } from '../../ux/prune-output.js';
import { warnEscalation } from '../container/stop-warning.js';

/**
 * SystemReset is `skiff system reset`: every container stopped and removed, every image and
 * volume removed, and the store's --root and --runroot directories deleted.
 */
export class SystemReset extends BaseCommand {
  static override summary = 'Reset skiff storage';
  static override description =
    'Reset skiff storage back to its default state. All containers will be stopped and ' +
    'removed, and all images, volumes and container content will be removed.';
  static override usage = '[options]';
  static override flags = {
    force: Flags.boolean({ char: 'f', description: 'Do not prompt for confirmation' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(SystemReset);
    const engine = await this.engine(flags);
    if (!flags.force && !(await confirmPrompt(resetWarning(engine.storePaths())))) return;

    // Podman carries on past each failure and reports them all at the end.
    const report = await engine.resetSystem();
    for (const { name, stop } of report.stops) warnEscalation(name, stop);
    printBatch(report.errors.map((error) => ({ name: '', error })));
  }
}
