import type { Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

import createDebug from 'debug';

const debug = createDebug('skiff:core:logs');

/** READ_CHUNK is how many bytes one read takes; a k8s-file record is at most about 8 KiB. */
export const READ_CHUNK = 64 * 1024;

/**
 * LineTailer reads the complete lines appended to a file since its last read, as `tail -F`
 * does. A last line without its newline is being written: it is kept back until the rest
 * arrives. A file that does not exist yet reads as empty; one that shrinks or is replaced (log
 * rotation) is read again from its start.
 */
export class LineTailer {
  private rest: Buffer = Buffer.alloc(0);
  private readAt: number;
  private inode?: number;

  constructor(
    private readonly path: string,
    start = 0,
  ) {
    this.readAt = start;
  }

  /** position is the offset just past the last complete line read. */
  get position(): number {
    return this.readAt - this.rest.length;
  }

  /** readLines yields the complete lines available now, in batches, without their newlines. */
  async *readLines(): AsyncGenerator<string[]> {
    const handle = await openIfExists(this.path);
    if (!handle) return;
    try {
      this.noticeReplacement(await handle.stat());
      const buffer = Buffer.alloc(READ_CHUNK);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK, this.readAt);
        if (bytesRead === 0) return;
        this.readAt += bytesRead;
        const lines = this.split(buffer.subarray(0, bytesRead));
        if (lines.length > 0) yield lines;
      }
    } finally {
      await handle.close();
    }
  }

  private split(chunk: Buffer): string[] {
    const data = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    const lines: string[] = [];
    let from = 0;
    for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, from)) {
      lines.push(data.toString('utf8', from, nl));
      from = nl + 1;
    }
    // Copied, because `chunk` is the read buffer and the next read overwrites it.
    this.rest = Buffer.from(data.subarray(from));
    return lines;
  }

  private noticeReplacement(stat: Stats): void {
    const replaced = this.inode !== undefined && stat.ino !== this.inode;
    if (replaced || stat.size < this.position) {
      debug('%s was truncated or replaced, reading it again from the start', this.path);
      this.readAt = 0;
      this.rest = Buffer.alloc(0);
    }
    this.inode = stat.ino;
  }
}

/** openIfExists opens a file for reading, or returns undefined if it does not exist. */
export async function openIfExists(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
