import * as Flags from '@oclif/core/flags';
import type { EngineEvent } from '@skiff/core';

import { BaseCommand } from '../../base-command.js';
import { humanEventLine } from '../../ux/event-line.js';
import { parseEventTemplate, type EventRenderer } from '../../ux/event-template.js';
import { abortOnInterrupt } from '../../ux/interrupt.js';
import { writeOut } from '../../ux/output.js';

/** SystemEvents is `skiff events`: print the engine's events, and by default new ones. */
export class SystemEvents extends BaseCommand {
  static override summary = 'Show skiff events';
  static override description =
    'Monitor skiff events. By default, streaming mode is used, printing new events as they ' +
    'occur. Previous events can be listed via --since and --until.';
  static override usage = '[options]';
  static override aliases = ['events'];
  static override flags = {
    filter: Flags.string({
      char: 'f',
      description: 'filter output',
      multiple: true,
      multipleNonGreedy: true,
    }),
    format: Flags.string({ description: 'format the output using a Go template' }),
    'no-trunc': Flags.boolean({
      description: 'do not truncate the output',
      default: true,
      allowNo: true,
    }),
    since: Flags.string({ description: 'show all events created since timestamp' }),
    until: Flags.string({ description: 'show all events until timestamp' }),
    stream: Flags.boolean({
      description: 'stream new events; for testing only',
      hidden: true,
      default: true,
      allowNo: true,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseCommand(SystemEvents);
    const render = renderer(flags.format as string | undefined, !flags['no-trunc']);
    const options = {
      filters: (flags.filter as string[] | undefined) ?? [],
      since: flags.since as string | undefined,
      until: flags.until as string | undefined,
      stream: Boolean(flags.stream),
    };
    const engine = await this.engine(flags);

    const interrupted = await abortOnInterrupt(async (signal) => {
      await engine.events({ ...options, signal }, (event) => writeOut(`${render(event)}\n`));
      return signal.aborted;
    });
    // Podman ends with status 1 when an interrupt stops the stream.
    if (interrupted) process.exitCode = 1;
  }
}

function renderer(format: string | undefined, truncate: boolean): EventRenderer {
  if (format === undefined) return (event: EngineEvent) => humanEventLine(event, truncate);
  return parseEventTemplate(format);
}
