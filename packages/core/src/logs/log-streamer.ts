import { once } from 'node:events';

import { InvalidArgument, SkiffError } from '@skiff/contracts';

import type { EngineContext } from '../engine-context.js';
import { engineLogSources } from './engine-log-sources.js';
import { K8sFileReader, type K8sFileReadOptions } from './k8s-file-reader.js';
import { podmanTimestamp } from './k8s-file-record.js';
import type { LogLine } from './log-line-joiner.js';
import { parseTimeInput } from './time-input.js';

/** LogsOptions are the flags of `skiff logs`. */
export interface LogsOptions {
  /** `-f`: print what is appended until the container stops. */
  follow?: boolean;
  /** `--tail`: the number of lines at the end to print; negative (the default) for all. */
  tail?: number;
  /** `--since`, as typed: a time, a date, Unix seconds or a duration before now. */
  since?: string;
  /** `--until`, as typed; a duration counts forward from now, as in Podman. */
  until?: string;
  /** `-t`: start each line with the time it was written. */
  timestamps?: boolean;
  /** `-n`: with several containers, prefix lines with names rather than short ids. */
  names?: boolean;
  /** Stops following; the lines read so far have been written. */
  signal?: AbortSignal;
}

/** LogStreams are where `skiff logs` writes: each record goes to the stream it came from. */
export interface LogStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** LogSource is a container whose log can be read. */
export interface LogSource {
  id: string;
  name: string;
  logPath: string;
}

/** LogSources finds containers' logs and tells whether a container still writes to its log. */
export interface LogSources {
  /** resolve finds a container by name or id; it throws if there is none or it keeps no log. */
  resolve(nameOrId: string): LogSource;
  isRunning(id: string): boolean;
}

/**
 * LogStreamer copies containers' logs to output streams as `podman logs` prints them: with
 * several containers each line starts with the container's short id (or name with `names`),
 * then the time with `timestamps`. Containers are read one after the other, or all at once
 * when following.
 */
export class LogStreamer {
  constructor(
    private readonly sources: LogSources,
    private readonly pollMs = 100,
  ) {}

  /** forEngine reads the logs of the containers in the engine's state. */
  static forEngine(ctx: EngineContext): LogStreamer {
    return new LogStreamer(engineLogSources(ctx));
  }

  async print(names: string[], options: LogsOptions, streams: LogStreams): Promise<void> {
    if (names.length === 0) {
      throw new InvalidArgument('specify at least one container name or ID to log');
    }
    const bounds = {
      since: bound('--since', options.since, true),
      until: bound('--until', options.until, false),
    };
    // All names are resolved before any line is printed, so one bad name prints nothing.
    const sources = names.map((name) => this.sources.resolve(name));
    const prefixed = sources.length > 1;

    const copy = (source: LogSource) => {
      const reader = new K8sFileReader(source.logPath, this.readOptions(source, options, bounds));
      const render = renderer(source, options, prefixed);
      return reader.read((lines) => write(streams, lines, render));
    };
    if (options.follow) await Promise.all(sources.map(copy));
    else for (const source of sources) await copy(source);
  }

  private readOptions(
    source: LogSource,
    options: LogsOptions,
    bounds: Pick<K8sFileReadOptions, 'since' | 'until'>,
  ): K8sFileReadOptions {
    return {
      tail: options.tail ?? -1,
      ...bounds,
      follow: options.follow ? () => this.sources.isRunning(source.id) : undefined,
      signal: options.signal,
      pollMs: this.pollMs,
    };
  }
}

function bound(flag: string, value: string | undefined, since: boolean): bigint | undefined {
  // Podman ignores an empty value, as if the flag were not given.
  if (!value) return undefined;
  try {
    return parseTimeInput(value, since);
  } catch (error) {
    throw SkiffError.wrap(`parsing ${flag} ${JSON.stringify(value)}`, error);
  }
}

function renderer(source: LogSource, options: LogsOptions, prefixed: boolean) {
  const who = options.names ? source.name : source.id.slice(0, 12);
  const prefix = prefixed ? `${who} ` : '';
  return (line: LogLine) => {
    const time = options.timestamps ? `${podmanTimestamp(line.rawTime)} ` : '';
    return `${prefix}${time}${line.content}${line.ended ? '\n' : ''}`;
  };
}

/** write writes each run of lines from one stream with one call, keeping their order. */
async function write(streams: LogStreams, lines: LogLine[], render: (line: LogLine) => string) {
  for (let start = 0; start < lines.length;) {
    const stream = lines[start].stream;
    let end = start + 1;
    while (end < lines.length && lines[end].stream === stream) end++;

    const text = lines.slice(start, end).map(render).join('');
    const target = stream === 'stderr' ? streams.stderr : streams.stdout;
    if (!target.write(text)) await once(target, 'drain');
    start = end;
  }
}
