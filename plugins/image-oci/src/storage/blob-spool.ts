import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';

import { binaryChunks } from './binary-chunks.js';
import { MAGIC_LENGTH } from './compression.js';

/**
 * BlobSpool follows a byte stream as it passes: it hashes it, counts it, keeps its first
 * bytes (to tell its compression) and, when given a path, writes a copy there, so that a blob
 * is read from the network or an archive only once. A stream that is hashed already comes
 * with `hashedElsewhere`, which gives its digest; the spool then does not hash it again.
 */
export class BlobSpool {
  private readonly hash = createHash('sha256');
  private readonly file: WriteStream | undefined;
  private headBytes = Buffer.alloc(0);
  private length = 0;
  private failure: Error | undefined;

  constructor(
    readonly path?: string,
    private readonly hashedElsewhere?: () => string,
  ) {
    // 'wx': the path is in a fresh temporary directory, anything there already is a bug.
    this.file = path === undefined ? undefined : createWriteStream(path, { flags: 'wx' });
    // Without a listener, a failed write (ENOSPC) would be an uncaught exception.
    this.file?.on('error', (error: Error) => (this.failure ??= error));
  }

  /** head is the first bytes seen, enough for detectCompression. */
  get head(): Buffer {
    return this.headBytes;
  }

  /** size is the number of bytes seen so far. */
  get size(): number {
    return this.length;
  }

  /** digest is the sha256 of everything seen; call it once, after the last chunk. */
  digest(): string {
    return this.hashedElsewhere?.() ?? `sha256:${this.hash.digest('hex')}`;
  }

  /** pass yields `source` unchanged, following every chunk on its way. */
  async *pass(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
    for await (const chunk of binaryChunks(source)) {
      await this.write(chunk);
      yield chunk;
    }
  }

  /** write follows one chunk, waiting when the copy on disk falls behind. */
  async write(chunk: Buffer): Promise<void> {
    if (this.hashedElsewhere === undefined) this.hash.update(chunk);
    this.length += chunk.length;
    if (this.headBytes.length < MAGIC_LENGTH) {
      this.headBytes = Buffer.concat([this.headBytes, chunk.subarray(0, MAGIC_LENGTH)]);
    }
    if (this.failure !== undefined) throw this.failure;
    if (this.file !== undefined && !this.file.write(chunk)) await once(this.file, 'drain');
  }

  /** close flushes the copy to disk; it must be called, on success and on failure alike. */
  async close(): Promise<void> {
    if (this.file !== undefined && !this.file.closed) {
      const done = once(this.file, 'close').catch(() => undefined);
      this.file.end();
      await done;
    }
    if (this.failure !== undefined) throw this.failure;
  }
}
