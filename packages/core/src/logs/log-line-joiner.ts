import type { K8sFileRecord, LogStream } from './k8s-file-record.js';

/**
 * LogLine is one line a container wrote: the records that make it up joined, timed by the
 * record that ended it. `ended` is false for a line the container left unfinished (it wrote no
 * newline before the log ends); it is printed without one.
 */
export interface LogLine {
  time: bigint;
  rawTime: string;
  stream: LogStream;
  content: string;
  ended: boolean;
}

/**
 * LogLineJoiner joins partial records into lines. It keeps one pending line per stream,
 * because conmon interleaves stdout and stderr records while a line is still being written.
 */
export class LogLineJoiner {
  private readonly pending = new Map<LogStream, { pieces: string[]; last: K8sFileRecord }>();

  /** push adds a record and returns the line it ends, if it ends one. */
  push(record: K8sFileRecord): LogLine | undefined {
    const pending = this.pending.get(record.stream);
    if (record.partial) {
      if (pending) {
        pending.pieces.push(record.content);
        pending.last = record;
      } else {
        this.pending.set(record.stream, { pieces: [record.content], last: record });
      }
      return undefined;
    }

    this.pending.delete(record.stream);
    const content = pending ? pending.pieces.join('') + record.content : record.content;
    return { ...timeOf(record), stream: record.stream, content, ended: true };
  }

  /** flush returns the unfinished lines, oldest last record first, and forgets them. */
  flush(): LogLine[] {
    const lines = [...this.pending.values()].map(({ pieces, last }) => ({
      ...timeOf(last),
      stream: last.stream,
      content: pieces.join(''),
      ended: false,
    }));
    this.pending.clear();
    return lines.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  }
}

function timeOf(record: K8sFileRecord): Pick<LogLine, 'time' | 'rawTime'> {
  return { time: record.time, rawTime: record.rawTime };
}
