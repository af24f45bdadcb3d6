import { closeSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { SkiffError } from '@skiff/contracts';
import createDebug from 'debug';

import { ContainerPaths } from '../container/container-paths.js';
import type { EngineContext } from '../engine-context.js';
import { LineTailer } from '../logs/line-tailer.js';
import { parseGoTime, parseTimeInput } from '../logs/time-input.js';
import { podmanShaped, type EngineEvent } from './engine-event.js';
import { eventFilter, type EventPredicate } from './event-filter.js';

export type { EngineEvent, EventStatus, EventType } from './engine-event.js';

const debug = createDebug('skiff:core:events');

/** EventsOptions are the flags of `skiff events`. */
export interface EventsOptions {
  /** `--since`, as typed: events strictly after it, read from the start of the journal. */
  since?: string;
  /** `--until`, as typed: events strictly before it; following stops once it has passed. */
  until?: string;
  /** `--filter` values, `key=value`. */
  filters?: readonly string[];
  /** `--stream` (the default): keep printing new events; false prints what is there. */
  stream?: boolean;
  /** Stops following at the next poll. */
  signal?: AbortSignal;
}

/** EventSink receives events in journal order; the reader waits for the promise it returns. */
export type EventSink = (event: EngineEvent) => void | Promise<void>;

interface Selection {
  matches: EventPredicate;
  since?: bigint;
  until?: bigint;
}

/**
 * EventJournal is the append-only file of events that `skiff events` reads: one JSON object
 * per line, as Podman's `file` events backend writes it. Every process appends with O_APPEND
 * and one write per event, which the kernel keeps whole, so concurrent writers need no lock.
 */
export class EventJournal {
  constructor(
    private readonly path: string,
    private readonly pollMs = 100,
  ) {}

  /** forEngine is the journal under the engine's runroot, emptied by a reboot like Podman's. */
  static forEngine(ctx: EngineContext): EventJournal {
    return new EventJournal(
      new ContainerPaths(ctx.environment.root, ctx.environment.runroot).eventLog(),
    );
  }

  /**
   * append journals one event. It never throws: an event that cannot be journaled must not
   * fail the operation it reports, so the failure is only logged.
   */
  append(event: EngineEvent): void {
    try {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      appendWhole(this.path, `${JSON.stringify(podmanShaped(event))}\n`);
    } catch (error) {
      const reason = (error as Error).message;
      debug('could not journal %s %s event: %s', event.Type, event.Status, reason);
    }
  }

  /**
   * read passes the journaled events that match `options` to `sink`. Streaming without
   * `since` or `until` starts at the end of the journal, so only new events show, as in Podman.
   */
  async read(options: EventsOptions, sink: EventSink): Promise<void> {
    const selection = select(options);
    const stream = options.stream ?? true;
    const fromEnd = stream && !options.since && !options.until;
    const tailer = new LineTailer(this.path, fromEnd ? sizeOf(this.path) : 0);

    for (;;) {
      await this.drain(tailer, selection, sink);
      if (!stream || options.signal?.aborted || passed(selection.until)) return;
      if (!(await this.pause(selection.until, options.signal))) return;
    }
  }

  private async drain(tailer: LineTailer, selection: Selection, sink: EventSink) {
    for await (const batch of tailer.readLines()) {
      for (const line of batch) {
        const event = parseEvent(line);
        if (!event) {
          if (line) debug('%s: skipping a line that is not an event: %s', this.path, line);
          continue;
        }
        if (selected(event, selection)) await sink(podmanShaped(event));
      }
    }
  }

  /** pause waits one poll, or less if `until` comes first; false if aborted. */
  private async pause(until: bigint | undefined, signal?: AbortSignal): Promise<boolean> {
    let wait = this.pollMs;
    if (until !== undefined) wait = Math.min(wait, Number((until - nowNanos()) / 1_000_000n) + 1);
    try {
      await sleep(Math.max(wait, 1), undefined, { signal });
      return true;
    } catch {
      return false;
    }
  }
}

/** appendWhole writes `text` with one write(2) to an O_APPEND descriptor. */
function appendWhole(path: string, text: string): void {
  const data = Buffer.from(text);
  const fd = openSync(path, 'a', 0o600);
  try {
    const written = writeSync(fd, data);
    // Only a full disk or an exhausted quota cuts a write to a regular file short.
    if (written < data.length) {
      debug('short write to %s: %d of %d bytes', path, written, data.length);
    }
  } finally {
    closeSync(fd);
  }
}

function select(options: EventsOptions): Selection {
  try {
    return {
      matches: eventFilter(options.filters ?? []),
      since: bound('since', options.since, true),
      until: bound('until', options.until, false),
    };
  } catch (error) {
    throw SkiffError.wrap('failed to parse event filters', error);
  }
}

function bound(name: string, value: string | undefined, since: boolean): bigint | undefined {
  if (!value) return undefined;
  try {
    return parseTimeInput(value, since);
  } catch (error) {
    throw SkiffError.wrap(`unable to convert ${name} time of ${value}`, error);
  }
}

function selected(event: EngineEvent, selection: Selection): boolean {
  if (selection.since !== undefined || selection.until !== undefined) {
    const time = parseGoTime(event.Time);
    if (time === undefined) return false;
    // Both bounds are exclusive, as in Podman.
    if (selection.since !== undefined && time <= selection.since) return false;
    if (selection.until !== undefined && time >= selection.until) return false;
  }
  return selection.matches(event);
}

function parseEvent(line: string): EngineEvent | undefined {
  try {
    const value = JSON.parse(line) as EngineEvent;
    const valid = typeof value === 'object' && value !== null && typeof value.Time === 'string';
    return valid && typeof value.Type === 'string' && typeof value.Status === 'string'
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function passed(until: bigint | undefined): boolean {
  return until !== undefined && nowNanos() >= until;
}

function nowNanos(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}
