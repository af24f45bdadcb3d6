import { StorageError } from '@skiff/contracts';
import type { Header } from 'tar' with { 'resolution-mode': 'import' };

import type { OutputSink } from './output-sink.js';

const BLOCK = 512;
/** Fixed times and owners make the same images give the same archive, as Podman's do. */
const EPOCH = new Date(0);

type HeaderClass = typeof Header;

/**
 * TarWriter writes a tar stream entry by entry: whole small files, and large files streamed
 * with their size announced up front. node-tar's Header does the encoding; it is loaded on
 * first use, like the rest of node-tar.
 */
export class TarWriter {
  private constructor(
    private readonly sink: OutputSink,
    private readonly HeaderType: HeaderClass,
  ) {}

  /** open starts a tar stream on `sink`. */
  static async open(sink: OutputSink): Promise<TarWriter> {
    const { Header } = await import('tar');
    return new TarWriter(sink, Header);
  }

  /** directory writes a directory entry; `path` ends without a slash. */
  async directory(path: string): Promise<void> {
    await this.sink.write(this.header(`${path}/`, 'Directory', 0, 0o755));
  }

  /** file writes a file held in memory. */
  async file(path: string, bytes: Buffer): Promise<void> {
    await this.sink.write(this.header(path, 'File', bytes.length, 0o644));
    await this.sink.write(bytes);
    await this.pad(bytes.length);
  }

  /**
   * stream writes a file of `size` bytes from `chunks`; a source that yields another number
   * of bytes fails, since the header already told readers how much to expect.
   */
  async stream(path: string, size: number, chunks: AsyncIterable<Buffer>): Promise<void> {
    await this.sink.write(this.header(path, 'File', size, 0o644));

    let written = 0;
    for await (const chunk of chunks) {
      written += chunk.length;
      if (written > size) break;
      await this.sink.write(chunk);
    }
    if (written !== size) {
      throw new StorageError(`${path}: expected ${size} bytes, the source has ${written}`);
    }
    await this.pad(size);
  }

  /** finish writes the two empty blocks that end a tar archive. */
  async finish(): Promise<void> {
    await this.sink.write(Buffer.alloc(2 * BLOCK));
  }

  private header(path: string, type: 'File' | 'Directory', size: number, mode: number): Buffer {
    const header = new this.HeaderType({ path, type, size, mode, uid: 0, gid: 0, mtime: EPOCH });
    const block = Buffer.alloc(BLOCK);
    header.encode(block, 0);
    // Every name here is a digest-derived path well under the 100 bytes of a plain header.
    if (header.needPax) throw new StorageError(`archive entry name too long: ${path}`);
    return block;
  }

  private async pad(size: number): Promise<void> {
    const rest = size % BLOCK;
    if (rest !== 0) await this.sink.write(Buffer.alloc(BLOCK - rest));
  }
}
