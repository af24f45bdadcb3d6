import type { TransferEvent } from '@skiff/contracts';

import { humanSize } from './human.js';

const BAR_WIDTH = 30;
const REDRAW_INTERVAL_MS = 100;

/**
 * TransferProgress shows a pull or push on stderr the way Podman does: plain lines when stderr
 * is not a terminal (`Copying blob sha256:...`), and a bar per blob, redrawn in place, when it
 * is. With `quiet`, nothing.
 */
export class TransferProgress {
  private announced = false;
  private readonly bars = new Map<string, { done: number; total?: number; state: string }>();
  private drawnLines = 0;
  private drawnAt = 0;

  constructor(
    private readonly verb: 'pull' | 'push',
    private readonly quiet: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** handle is the callback to give the engine as `onProgress`. */
  readonly handle = (event: TransferEvent): void => {
    if (this.quiet) return;
    if (this.stream.isTTY) this.onTerminal(event);
    else this.onPipe(event);
  };

  /** message is the callback for the engine's `onMessage`: a line Podman prints as it is. */
  readonly message = (text: string): void => {
    if (!this.quiet) this.line(text);
  };

  private onPipe(event: TransferEvent): void {
    switch (event.kind) {
      case 'resolving':
        this.line(this.verb === 'pull' ? `Trying to pull ${event.reference}...` : '');
        break;
      case 'blob':
        if (event.phase === 'done') break;
        this.announce();
        this.line(
          `Copying blob ${event.digest}${event.phase === 'skipped' ? ' skipped: already exists' : ''}`,
        );
        break;
      case 'config':
        this.announce();
        this.line(`Copying config ${event.digest}`);
        break;
      case 'manifest':
        this.line('Writing manifest to image destination');
        this.line('Storing signatures');
        break;
    }
  }

  private onTerminal(event: TransferEvent): void {
    if (event.kind === 'resolving' || event.kind === 'manifest' || event.kind === 'config') {
      this.onPipe(event);
      return;
    }
    const bar = this.bars.get(event.digest) ?? { done: 0, state: '' };
    if (event.kind === 'progress') {
      bar.done = event.done;
      bar.total = event.total ?? bar.total;
    } else {
      this.announce();
      bar.total = event.size ?? bar.total;
      bar.state =
        event.phase === 'skipped'
          ? 'skipped: already exists'
          : event.phase === 'done'
            ? 'done'
            : '';
      if (event.phase === 'done' && bar.total) bar.done = bar.total;
    }
    this.bars.set(event.digest, bar);
    // A large blob arrives in thousands of chunks; a terminal needs a few frames a second.
    const now = Date.now();
    if (event.kind === 'progress' && now - this.drawnAt < REDRAW_INTERVAL_MS) return;
    this.drawnAt = now;
    this.redraw();
  }

  private redraw(): void {
    if (this.drawnLines > 0) this.stream.write(`\x1b[${this.drawnLines}A`);
    for (const [digest, bar] of this.bars) {
      const short = digest.replace(/^sha256:/, '').slice(0, 12);
      const fraction = bar.total ? Math.min(1, bar.done / bar.total) : 0;
      const filled = Math.round(fraction * BAR_WIDTH);
      const meter = `[${'='.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
      const amount = `${humanSize(bar.done)} / ${bar.total ? humanSize(bar.total) : '?'}`;
      this.stream.write(`\x1b[2KCopying blob ${short} ${bar.state || `${meter} ${amount}`}\n`);
    }
    this.drawnLines = this.bars.size;
  }

  private announce(): void {
    if (this.announced) return;
    this.announced = true;
    this.line('Getting image source signatures');
  }

  private line(text: string): void {
    if (!text) return;
    this.stream.write(`${text}\n`);
    // A plain line scrolls the bars out of reach; start a new group below it.
    this.drawnLines = 0;
    this.bars.clear();
  }
}
