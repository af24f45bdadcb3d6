import type { FileHandle } from 'node:fs/promises';

import { parseK8sFileRecord, type LogStream } from './k8s-file-record.js';
import { openIfExists, READ_CHUNK } from './line-tailer.js';
import { LogLineJoiner, type LogLine } from './log-line-joiner.js';

/**
 * LogTail is the end of a log as `--tail N` shows it: the last lines, where reading on
 * (`--follow`) starts, and the joiner holding the lines still unfinished at that point.
 */
export interface LogTail {
  lines: LogLine[];
  position: number;
  joiner: LogLineJoiner;
}

/**
 * readLogTail finds the last `count` lines of a k8s-file log by reading it from its end, in
 * windows that double until they hold enough lines, so that a big log costs what its tail
 * costs. With `unfinished`, a line left without a newline at the end counts as a line (the
 * container has stopped); otherwise it stays in the joiner to be completed. Undefined if the
 * log does not exist.
 */
export async function readLogTail(
  path: string,
  count: number,
  unfinished: boolean,
): Promise<LogTail | undefined> {
  const handle = await openIfExists(path);
  if (!handle) return undefined;
  try {
    const size = (await handle.stat()).size;
    for (let span = READ_CHUNK; ; span *= 2) {
      // One byte before the window tells whether the window starts on a line boundary.
      const from = Math.max(0, size - span - 1);
      const window = await readWindow(handle, from, size);
      const tail = new WindowParser(from > 0).tail(window, count, unfinished);
      if (tail) return tail;
    }
  } finally {
    await handle.close();
  }
}

// Conmon writes the pieces of a long line one after another. A stream's first line in a window
// that does not start the file may have pieces before the window: it is trusted once this many
// bytes of the window come before it; otherwise, if it is wanted, the window grows.
const LOOKBACK = 16 * 1024;

interface Window {
  data: Buffer;
  /** Where the first complete line starts in `data`. */
  begin: number;
  /** The file offset just past the last complete line. */
  position: number;
}

/** WindowParser joins a window's lines and tells which of them may have lost their start. */
class WindowParser {
  private readonly joiner = new LogLineJoiner();
  private readonly firstPiece = new Map<LogStream, number>();
  private readonly seen = new Set<LogStream>();
  private readonly lines: { line: LogLine; whole: boolean }[] = [];

  constructor(private readonly cut: boolean) {}

  /** tail returns the last lines, or undefined if one of them may have lost its start. */
  tail(window: Window, count: number, unfinished: boolean): LogTail | undefined {
    this.parse(window);
    if (unfinished) for (const line of this.joiner.flush()) this.add(line);

    if (this.cut && this.lines.length < count) return undefined;
    const wanted = count > 0 ? this.lines.slice(-count) : [];
    if (wanted.some((entry) => !entry.whole)) return undefined;
    return {
      lines: wanted.map((entry) => entry.line),
      position: window.position,
      joiner: this.joiner,
    };
  }

  private parse({ data, begin }: Window): void {
    for (let at = begin; at < data.length;) {
      const newline = data.indexOf(0x0a, at);
      if (newline < 0) return;
      const record = parseK8sFileRecord(data.toString('utf8', at, newline));
      if (record) {
        if (!this.firstPiece.has(record.stream)) this.firstPiece.set(record.stream, at);
        const line = this.joiner.push(record);
        if (line) this.add(line);
      }
      at = newline + 1;
    }
  }

  private add(line: LogLine): void {
    const first = !this.seen.has(line.stream);
    const offset = this.firstPiece.get(line.stream) ?? 0;
    this.seen.add(line.stream);
    this.firstPiece.delete(line.stream);
    this.lines.push({ line, whole: !this.cut || !first || offset >= LOOKBACK });
  }
}

/**
 * readWindow reads from `from` to `end`, skipping a line cut at `from` (unless the window
 * starts the file) and noting where a torn last line starts.
 */
async function readWindow(handle: FileHandle, from: number, end: number): Promise<Window> {
  const data = await readRange(handle, from, end);
  const firstNewline = data.indexOf(0x0a);
  if (from > 0 && firstNewline < 0) return { data, begin: data.length, position: end };

  const begin = from > 0 ? firstNewline + 1 : 0;
  const lastNewline = data.lastIndexOf(0x0a);
  return { data, begin, position: from + Math.max(begin, lastNewline + 1) };
}

async function readRange(handle: FileHandle, from: number, end: number): Promise<Buffer> {
  const buffer = Buffer.alloc(end - from);
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, from + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
