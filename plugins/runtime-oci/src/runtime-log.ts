import { readFileSync, statSync } from 'node:fs';

/** The logrus levels at which runc reports a failure of its own. */
const FAILURE_LEVELS = new Set(['error', 'fatal', 'panic']);

/**
 * RuntimeLog is the JSON log runc writes with `--log <path> --log-format json`, read from the
 * point where one invocation began, so that failures of an earlier invocation recorded in the
 * same file are never blamed on this one.
 *
 * Reads are synchronous: the file holds a handful of lines and is consulted from a stream's
 * data handler, where an await would let output overtake the check.
 */
export class RuntimeLog {
  private constructor(
    readonly path: string,
    private readonly offset: number,
  ) {}

  /** mark remembers where the log at `path` ends now; a missing file starts at zero. */
  static mark(path: string): RuntimeLog {
    return new RuntimeLog(path, sizeOf(path));
  }

  /** grew reports whether anything was written after the mark. */
  grew(): boolean {
    return sizeOf(this.path) > this.offset;
  }

  /** lastFailure returns the message of the last error entry written after the mark. */
  lastFailure(): string | undefined {
    if (!this.grew()) {
      return undefined;
    }

    const text = readFileSync(this.path).subarray(this.offset).toString('utf8');
    return RuntimeLog.lastFailureIn(text);
  }

  /** lastFailureIn returns the message of the last error entry among JSON log lines. */
  static lastFailureIn(text: string): string | undefined {
    let failure: string | undefined;
    for (const entry of text.split('\n').flatMap((line) => parseEntry(line))) {
      if (FAILURE_LEVELS.has(String(entry.level)) && typeof entry.msg === 'string') {
        failure = entry.msg;
      }
    }
    return failure;
  }
}

function parseEntry(line: string): Record<string, unknown>[] {
  if (line.trim() === '') {
    return [];
  }

  try {
    const entry: unknown = JSON.parse(line);
    return typeof entry === 'object' && entry !== null ? [entry as Record<string, unknown>] : [];
  } catch {
    // A line cut short by a crash of the runtime carries nothing we could act on.
    return [];
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
