import { createHash } from 'node:crypto';

import { InvalidArgument } from '@skiff/contracts';
import type { TransferEvent } from '@skiff/contracts';

import type { Descriptor } from '../registry/manifest-document.js';

/**
 * BlobReader passes a blob's bytes on as they arrive, reporting progress, and holds them to
 * the size and digest its descriptor gives: a blob that runs longer is cut off at once, one
 * that stops short is reported as truncated. When the consumer gives up half way (a gzip
 * stream that is not one), `verify` reads the rest, so that a corrupted download is reported
 * as what it is, a digest mismatch, rather than as whatever the garbage looked like.
 */
export class BlobReader {
  private readonly source: AsyncIterator<Buffer>;
  private readonly hash = createHash('sha256');
  private received = 0;
  private ended = false;
  /** Set once the reader itself has failed: its own error then says it all. */
  private faulted = false;

  constructor(
    body: AsyncIterable<Buffer>,
    private readonly blob: Descriptor,
    private readonly onProgress?: (event: TransferEvent) => void,
  ) {
    // Iterated by hand: a for-await loop would destroy the body when the consumer stops.
    this.source = body[Symbol.asyncIterator]();
  }

  /** chunks yields the blob; it throws when the blob is longer or shorter than it should be. */
  async *chunks(): AsyncGenerator<Buffer> {
    const { digest, size: total } = this.blob;
    for (let chunk = await this.next(); chunk !== undefined; chunk = await this.next()) {
      this.onProgress?.({ kind: 'progress', digest, done: this.received, total });
      yield chunk;
    }

    if (this.received < total) {
      this.faulted = true;
      throw new InvalidArgument(`blob ${digest} ended after ${this.received} of ${total} bytes`);
    }
  }

  /** digest is the sha256 of the bytes read so far: the blob's own, once read to its end. */
  digest(): string {
    return `sha256:${this.hash.copy().digest('hex')}`;
  }

  /** verify reads what the consumer left and throws when the whole is not the blob. */
  async verify(): Promise<void> {
    if (this.faulted) return;
    while ((await this.next()) !== undefined);

    const actual = this.digest();
    const { digest } = this.blob;
    if (actual !== digest) {
      throw new InvalidArgument(`digest did not match: expected ${digest}, got ${actual}`);
    }
  }

  private async next(): Promise<Buffer | undefined> {
    if (this.ended) return undefined;
    try {
      return await this.take();
    } catch (error) {
      this.ended = true;
      this.faulted = true;
      throw error;
    }
  }

  private async take(): Promise<Buffer | undefined> {
    const { value, done } = await this.source.next();
    if (done) {
      this.ended = true;
      return undefined;
    }

    this.received += value.length;
    if (this.received > this.blob.size) {
      const { digest, size } = this.blob;
      throw new InvalidArgument(`blob ${digest} is larger than the ${size} bytes it should have`);
    }
    this.hash.update(value);
    return value;
  }
}
