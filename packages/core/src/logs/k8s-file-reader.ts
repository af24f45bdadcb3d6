import { setTimeout as sleep } from 'node:timers/promises';

import createDebug from 'debug';

import { parseK8sFileRecord } from './k8s-file-record.js';
import { LineTailer } from './line-tailer.js';
import { LogLineJoiner, type LogLine } from './log-line-joiner.js';
import { readLogTail } from './log-tail.js';

const debug = createDebug('skiff:core:logs');

/** K8sFileReadOptions select what a K8sFileReader passes on. */
export interface K8sFileReadOptions {
  /** `--tail`: the last N lines only; negative for all of them. */
  tail: number;
  /** `--since`, in nanoseconds since the epoch: only lines strictly after it. */
  since?: bigint;
  /** `--until`, in nanoseconds since the epoch: only lines strictly before it. */
  until?: bigint;
  /**
   * `--follow`: keep reading what is appended while this says the writer still runs; once it
   * says otherwise, read what is left and stop.
   */
  follow?: () => boolean | Promise<boolean>;
  /** Stops following at the next poll, without reading what is left. */
  signal?: AbortSignal;
  /** How long to wait between polls while following, in milliseconds. */
  pollMs?: number;
}

/**
 * LineSink receives lines in order, in batches so that output can be written in few calls;
 * the reader waits for the promise it returns.
 */
export type LineSink = (lines: LogLine[]) => void | Promise<void>;

/**
 * K8sFileReader reads a container's k8s-file log as `podman logs` does: lines joined from
 * their partial records, then `--tail`, then `--since`/`--until`, optionally following the
 * file while the container runs. A log that does not exist yet reads as empty.
 */
export class K8sFileReader {
  constructor(
    private readonly path: string,
    private readonly options: K8sFileReadOptions,
  ) {}

  async read(sink: LineSink): Promise<void> {
    const { tailer, joiner, tailed } = await this.start(sink);
    if (this.options.follow) await this.follow(tailer, joiner, sink);
    // Without --follow the tail is all there is, even if the container writes on meanwhile.
    else if (!tailed) await this.drain(tailer, joiner, sink);

    if (this.options.signal?.aborted) return;
    await this.pass(joiner.flush(), sink);
  }

  /** start emits the tail, if one was asked for, and says where to read on from. */
  private async start(sink: LineSink) {
    const { tail, follow } = this.options;
    const found = tail >= 0 ? await readLogTail(this.path, tail, !follow) : undefined;
    if (!found) {
      return { tailer: new LineTailer(this.path), joiner: new LogLineJoiner(), tailed: false };
    }

    await this.pass(found.lines, sink);
    const tailer = new LineTailer(this.path, found.position);
    return { tailer, joiner: found.joiner, tailed: true };
  }

  private async follow(tailer: LineTailer, joiner: LogLineJoiner, sink: LineSink) {
    const running = this.options.follow as NonNullable<K8sFileReadOptions['follow']>;
    const signal = this.options.signal;
    for (;;) {
      // Asked before reading, so that all the writer wrote before it stopped is read.
      const stillRunning = await running();
      await this.drain(tailer, joiner, sink);
      if (!stillRunning || signal?.aborted) return;
      try {
        await sleep(this.options.pollMs ?? 100, undefined, { signal });
      } catch {
        return;
      }
    }
  }

  private async drain(tailer: LineTailer, joiner: LogLineJoiner, sink: LineSink) {
    for await (const batch of tailer.readLines()) {
      const lines: LogLine[] = [];
      for (const raw of batch) {
        const record = parseK8sFileRecord(raw);
        if (!record) {
          debug('%s: skipping a line that is not a k8s-file record: %s', this.path, raw);
          continue;
        }
        const line = joiner.push(record);
        if (line) lines.push(line);
      }
      await this.pass(lines, sink);
    }
  }

  private async pass(lines: LogLine[], sink: LineSink): Promise<void> {
    const { since, until } = this.options;
    // Both bounds are exclusive, as in Podman.
    const shown = lines.filter(
      (line) =>
        (since === undefined || line.time > since) && (until === undefined || line.time < until),
    );
    if (shown.length > 0) await sink(shown);
  }
}
