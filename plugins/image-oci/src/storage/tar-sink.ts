import { InvalidArgument, StorageError } from '@skiff/contracts';
import type { Unpack } from 'tar' with { 'resolution-mode': 'import' };

import { logger } from '../logger.js';
import type { EntryGuard } from './entry-guard.js';
import { insufficientIdsError, isUnmappedOwner } from './insufficient-ids.js';
import type { TarEntry } from './tar-entry.js';

const log = logger('layers');

/** Warnings that describe a damaged archive rather than a failed write. */
const ARCHIVE_DAMAGE = new Set(['TAR_ENTRY_INVALID', 'TAR_BAD_ARCHIVE', 'TAR_ABORT']);
/** Warnings that leave the layer as the archive describes it. */
const HARMLESS = new Set(['TAR_ENTRY_INFO', 'TAR_ENTRY_UNSUPPORTED']);

interface WarnData {
  tarCode?: string;
  code?: string;
  entry?: { path?: string; type?: string; linkpath?: string; uid?: number; gid?: number };
}

/**
 * TarSink feeds uncompressed tar bytes to node-tar's extractor and turns node-tar's warnings
 * into the first typed error that makes the layer unusable. node-tar is loaded on first use,
 * so that loading the plugin does not load it.
 */
export class TarSink {
  private error: Error | undefined;
  private readonly closed: Promise<void>;

  private constructor(
    private readonly unpack: Unpack,
    private readonly guard: EntryGuard,
  ) {
    this.closed = new Promise((resolve) => {
      unpack.once('close', () => resolve());
      // node-tar stops without closing when the target directory disappears.
      unpack.on('error', (error: Error) => error.name === 'CwdError' && resolve());
    });

    unpack.on('warn', (code: string, message: string, data: WarnData) =>
      this.onWarning(code, message, data),
    );
    unpack.on('error', (error: Error & WarnData) =>
      this.onWarning(error.tarCode ?? '', error.message, error),
    );
  }

  /** open starts an extraction into `dir`, with owners kept when `preserveOwner` is set. */
  static async open(dir: string, guard: EntryGuard, preserveOwner: boolean): Promise<TarSink> {
    const { Unpack } = await import('tar');
    const unpack = new Unpack({
      cwd: dir,
      // The guard makes names safe; node-tar's own rewriting would break absolute symlinks.
      preservePaths: true,
      preserveOwner,
      // The input is already inflated: do not let node-tar guess at another compression.
      brotli: false,
      zstd: false,
      filter: (_path, entry) => guard.admit(entry as TarEntry),
    });
    return new TarSink(unpack, guard);
  }

  /** failure is why the layer cannot be used, once known. */
  get failure(): Error | undefined {
    return this.guard.refusal ?? this.error;
  }

  /** write passes a chunk on, waiting while node-tar catches up with the disk. */
  async write(chunk: Buffer): Promise<void> {
    if (this.unpack.write(chunk)) return;
    await Promise.race([new Promise((resolve) => this.unpack.once('drain', resolve)), this.closed]);
  }

  /** close ends the input and waits until node-tar has finished every entry it started. */
  async close(): Promise<void> {
    this.unpack.end();
    await this.closed;
  }

  private onWarning(code: string, message: string, data: WarnData): void {
    const path = data.entry?.path ?? 'archive';
    if (HARMLESS.has(code)) {
      log('%s: %s', path, message);
      return;
    }
    if (this.error !== undefined) return;

    this.error = tarFailure(code, message.replace(/^TAR_[A-Z_]+: /, ''), data);
    log('extraction failed: %s', this.error.message);
  }
}

/** tarFailure turns one of node-tar's warnings into the error that fails the layer. */
export function tarFailure(code: string, message: string, data: WarnData): Error {
  // node-tar hands over either a message with details in `data`, or the error itself.
  const cause = data instanceof Error ? data : undefined;
  const { path = '?', type, linkpath } = data.entry ?? {};
  if (isUnmappedOwner(cause)) {
    log('%s: %s', path, cause.message);
    return insufficientIdsError(path, data.entry ?? {}, cause.syscall);
  }

  if (ARCHIVE_DAMAGE.has(code)) return new InvalidArgument(`invalid tar archive: ${message}`);
  if (type === 'Link' && cause?.code === 'ENOENT') {
    return new InvalidArgument(
      `archive entry "${path}" is a hard link to "${linkpath}", which no earlier entry created`,
    );
  }
  if (cause !== undefined) return new StorageError(`extracting "${path}"`, { cause });
  return new StorageError(`extracting "${path}": ${message}`);
}
