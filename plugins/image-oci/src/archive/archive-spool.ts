import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { join, posix } from 'node:path';

import { InvalidArgument } from '@skiff/contracts';
import type { ReadEntry } from 'tar' with { 'resolution-mode': 'import' };

import { logger } from '../logger.js';
import { binaryChunks } from '../storage/binary-chunks.js';

const log = logger('archive');

const FILES = new Set(['File', 'OldFile', 'ContiguousFile']);
const LINK_HOPS = 16;
/** Metadata files (manifests, configurations) are small; a huge one is not an image archive. */
const METADATA_LIMIT = 64 * 1024 * 1024;

/** NOT_AN_ARCHIVE begins every refusal of input that is no image archive, as Podman words it. */
export const NOT_AN_ARCHIVE = 'payload does not match any of the supported image formats';

/**
 * ArchiveSpool copies an image archive's files out of a tar stream into a private temporary
 * directory, since the files an archive's manifest names may come in any order, and stdin
 * cannot be read twice. Files are stored under numbered names, never under the names in the
 * archive, and links are resolved by name inside the archive, so no entry can reach a path
 * outside the spool.
 */
export class ArchiveSpool {
  private readonly files = new Map<string, string>();
  private readonly links = new Map<string, string>();
  private damage: string | undefined;
  private count = 0;

  private constructor(private readonly dir: string) {}

  /** read spools `input` into the empty directory `dir`. */
  static async read(input: NodeJS.ReadableStream, dir: string): Promise<ArchiveSpool> {
    const spool = new ArchiveSpool(dir);
    await spool.consume(input);
    return spool;
  }

  /** has reports whether the archive holds a file at `path`, following links. */
  has(path: string): boolean {
    return this.locate(path) !== undefined;
  }

  /** path returns the spooled copy of the archive's file at `path`; missing is refused. */
  path(path: string): string {
    const file = this.locate(path);
    if (file === undefined) throw new InvalidArgument(`the archive has no file "${path}"`);
    return file;
  }

  /** read returns a small file of the archive (a manifest, a configuration). */
  async read(path: string): Promise<Buffer> {
    const file = this.path(path);
    if ((await stat(file)).size > METADATA_LIMIT) {
      throw new InvalidArgument(`"${path}" in the archive is too large for image metadata`);
    }
    return readFile(file);
  }

  /** json parses a small JSON file of the archive. */
  async json(path: string): Promise<unknown> {
    const text = (await this.read(path)).toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new InvalidArgument(`"${path}" in the archive is not valid JSON`, { cause: error });
    }
  }

  private async consume(input: NodeJS.ReadableStream): Promise<void> {
    const { Parser } = await import('tar');
    const writes: Promise<void>[] = [];
    const parser = new Parser({ onReadEntry: (entry) => writes.push(this.take(entry)) });
    parser.on('warn', (code: string, message: string | Error) => this.noteDamage(code, message));
    // Settled at once, so that a failure while still writing is no unhandled rejection.
    const done = once(parser, 'end').then(
      () => undefined,
      (error: unknown) => error,
    );

    for await (const chunk of binaryChunks(input as AsyncIterable<Buffer>)) {
      if (!parser.write(chunk)) await Promise.race([once(parser, 'drain'), done]);
    }
    parser.end();
    const failure = await done;
    await Promise.all(writes);

    if (failure !== undefined) {
      throw new InvalidArgument(`${NOT_AN_ARCHIVE}: reading the tar archive`, { cause: failure });
    }

    if (this.damage !== undefined) {
      throw new InvalidArgument(`${NOT_AN_ARCHIVE}: reading the tar archive: ${this.damage}`);
    }
    log('spooled %d files from the archive', this.files.size);
  }

  private async take(entry: ReadEntry): Promise<void> {
    const path = normalize(entry.path);
    if (path === undefined) {
      entry.resume();
      return;
    }

    if (FILES.has(entry.type)) {
      const file = join(this.dir, String(this.count++));
      this.links.delete(path);
      this.files.set(path, file);
      await finished(entry.pipe(createWriteStream(file, { flags: 'wx' })));
      return;
    }

    const target = linkTarget(path, entry);
    if (target !== undefined) {
      this.files.delete(path);
      this.links.set(path, target);
    }
    entry.resume();
  }

  private locate(path: string): string | undefined {
    let current = normalize(path);
    for (let hop = 0; current !== undefined && hop < LINK_HOPS; hop++) {
      const file = this.files.get(current);
      if (file !== undefined) return file;
      current = this.links.get(current);
    }
    return undefined;
  }

  private noteDamage(code: string, message: string | Error): void {
    if (code !== 'TAR_BAD_ARCHIVE' && code !== 'TAR_ENTRY_INVALID' && code !== 'TAR_ABORT') {
      return;
    }
    const text = typeof message === 'string' ? message : message.message;
    this.damage ??= text.charAt(0).toLowerCase() + text.slice(1);
  }
}

/** normalize turns an archive name into `a/b` form; a name climbing out gives undefined. */
function normalize(name: string): string | undefined {
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') parts.push(part);
    else if (parts.pop() === undefined) return undefined;
  }
  return parts.join('/');
}

function linkTarget(path: string, entry: ReadEntry): string | undefined {
  const linkpath = entry.linkpath ?? '';
  if (entry.type === 'Link') return normalize(linkpath);
  if (entry.type !== 'SymbolicLink') return undefined;

  // A symbolic link is read as a name inside the archive, never on this machine.
  return normalize(linkpath.startsWith('/') ? linkpath : posix.join(posix.dirname(path), linkpath));
}
