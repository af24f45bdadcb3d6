import { StorageError } from '@skiff/contracts';

/**
 * OutputSink writes to a stream the caller owns (a file, or standard output), waiting when it
 * is full and turning its failure (EPIPE, ENOSPC) into an error of the next write. It never
 * ends the stream: whoever opened it closes it.
 */
export class OutputSink {
  private failure: Error | undefined;
  private readonly onError = (error: Error) => (this.failure ??= error);

  constructor(private readonly output: NodeJS.WritableStream) {
    output.on('error', this.onError);
  }

  /** write passes `chunk` on, resolving once the stream can take more. */
  async write(chunk: Buffer): Promise<void> {
    this.check();
    if (this.output.write(chunk)) return;

    await drainedOrClosed(this.output);
    this.check();
  }

  /** release stops listening to the stream; call it when done, failed or not. */
  release(): void {
    this.output.removeListener('error', this.onError);
  }

  private check(): void {
    if (this.failure === undefined) return;
    throw new StorageError(`writing the archive: ${this.failure.message}`, {
      cause: this.failure,
    });
  }
}

function drainedOrClosed(output: NodeJS.WritableStream): Promise<void> {
  // Both listeners go once either fires: a long save waits for drain many thousand times.
  return new Promise((resolve) => {
    const done = () => {
      output.removeListener('drain', done);
      output.removeListener('close', done);
      resolve();
    };
    output.on('drain', done);
    output.on('close', done);
  });
}
