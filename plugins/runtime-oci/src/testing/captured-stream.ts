import { Writable } from 'node:stream';

/** CapturedStream is a writable stream that keeps everything written to it, as text. */
export class CapturedStream extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
