import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

import { StorageError } from '@skiff/contracts';

/** AttrCommandOptions describes one run of `setfattr` or `getfattr`. */
export interface AttrCommandOptions {
  command: 'setfattr' | 'getfattr';
  args: readonly string[];
  /** Fed to the command's standard input, chunk by chunk. */
  input?: Iterable<Buffer>;
  /** Stderr lines to drop (expected noise such as a vanished file); the rest are kept. */
  ignoreStderr?: (line: string) => boolean;
}

/** AttrCommandReport is how the command ended and what it said. */
export interface AttrCommandReport {
  /** The exit status; -1 when a signal ended it. */
  code: number;
  stdout: Buffer;
  /** Stderr lines not ignored, at most MAX_KEPT_LINES of them. */
  stderrLines: string[];
  /** How many stderr lines were not ignored, including those not kept. */
  stderrCount: number;
}

// A relabel of a huge tree may report one line per file; a few are enough to explain a failure.
const MAX_KEPT_LINES = 20;

/**
 * runAttrCommand runs a tool of the Debian `attr` package in the C locale, so that its messages
 * (`No such file or directory`, `Operation not supported`) can be recognised. Node has no
 * extended-attribute API; these tools make the no-follow l*xattr calls for us.
 */
export function runAttrCommand(options: AttrCommandOptions): Promise<AttrCommandReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, [...options.args], {
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });

    const stdout: Buffer[] = [];
    const stderr = new StderrLines(options.ignoreStderr ?? (() => false));
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

    child.on('error', (error) => reject(spawnError(options.command, error)));
    child.on('close', (code) => {
      stderr.flush();
      const report = { code: code ?? -1, stdout: Buffer.concat(stdout), ...stderr.report() };
      resolve(report);
    });

    feed(child.stdin, options.input);
  });
}

function feed(stdin: NodeJS.WritableStream, input: Iterable<Buffer> | undefined): void {
  // The tool may exit before reading everything (it failed to start, or aborted); the exit
  // status tells that story, so a broken pipe here is not reported twice.
  stdin.on('error', () => undefined);

  if (input === undefined) {
    stdin.end();
    return;
  }
  Readable.from(input)
    .on('error', () => undefined)
    .pipe(stdin);
}

function spawnError(command: string, error: NodeJS.ErrnoException): StorageError {
  if (error.code === 'ENOENT') {
    return new StorageError(`${command} not found: install the attr package`, { cause: error });
  }
  return new StorageError(`running ${command}`, { cause: error });
}

// Splits stderr into lines as it arrives, keeping only a few of those that matter.
class StderrLines {
  private partial = '';
  // Decodes across chunk boundaries, which may split a multi-byte character of a file name.
  private readonly decoder = new StringDecoder('utf8');
  private readonly kept: string[] = [];
  private count = 0;

  constructor(private readonly ignore: (line: string) => boolean) {}

  push(chunk: Buffer): void {
    const lines = (this.partial + this.decoder.write(chunk)).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.take(line);
  }

  flush(): void {
    this.partial += this.decoder.end();
    if (this.partial) this.take(this.partial);
    this.partial = '';
  }

  report(): { stderrLines: string[]; stderrCount: number } {
    return { stderrLines: [...this.kept], stderrCount: this.count };
  }

  private take(line: string): void {
    if (line === '' || this.ignore(line)) return;

    this.count++;
    if (this.kept.length < MAX_KEPT_LINES) this.kept.push(line);
  }
}
