import * as Flags from '@oclif/core/flags';
import type { EngineEvent } from '@skiff/core';

import { BaseCommand } from '../../base-command.js';
import { humanEventLine } from '../../ux/event-line.js';
import { eventView } from '../../ux/event-view.js';
import { abortOnInterrupt } from '../../ux/interrupt.js';
import { isJsonFormat, parseFormatTemplate } from '../../ux/list-format.js';
import { writeOut } from '../../ux/output.js';

/** EventRenderer turns one event into the text `--format` asks for, newline included. */
type EventRenderer = (event: EngineEvent) => string;

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
    const render = await renderer(flags.format as string | undefined, !flags['no-trunc']);
    const options = {
      filters: (flags.filter as string[] | undefined) ?? [],
      since: flags.since as string | undefined,
      until: flags.until as string | undefined,
      stream: Boolean(flags.stream),
    };
    const engine = await this.engine(flags);

    const interrupted = await abortOnInterrupt(async (signal) => {
      await engine.events({ ...options, signal }, (event) => writeOut(render(event)));
      return signal.aborted;
    });
    // Podman ends with status 1 when an interrupt stops the stream.
    if (interrupted) process.exitCode = 1;
  }
}

async function renderer(format: string | undefined, truncate: boolean): Promise<EventRenderer> {
  if (format === undefined) return (event) => `${humanEventLine(event, truncate)}\n`;
  if (isJsonFormat(format)) return (event) => `${JSON.stringify(event)}\n`;
  const template = await parseFormatTemplate(format, 'events');
  return (event) => template(eventView(event));
}
