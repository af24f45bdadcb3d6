import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { tempName } from './temp-name.js';
import type { Whiteouts } from './whiteout-set.js';

/** LayerBlob is a blob kept in the blob store that a layer was extracted from. */
export interface LayerBlob {
  digest: string;
  mediaType: string;
  size: number;
}

/** LayerMetadata is what a stored layer records about itself in `layer.json`. */
export interface LayerMetadata {
  diffId: string;
  /** The length of the uncompressed tar. */
  size: number;
  whiteouts: Whiteouts;
}

const RECORD_SUFFIX = '.json';

/** writeJsonFile writes `value` to `file` whole or not at all. */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  const temp = join(dirname(file), tempName('tmp'));
  try {
    await writeFile(temp, `${JSON.stringify(value)}\n`, { flag: 'wx', mode: 0o644 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** readJsonFile returns the parsed content of `file`, or undefined when it does not exist. */
export async function readJsonFile<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** blobRecordName is the file name under a layer's `blobs/` recording one kept blob. */
export function blobRecordName(digest: string): string {
  return `${digest.replace(/^sha256:/, '')}${RECORD_SUFFIX}`;
}

/** readBlobRecords lists the kept blobs recorded in a layer's `blobs/` directory. */
export async function readBlobRecords(dir: string): Promise<LayerBlob[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const records: LayerBlob[] = [];
  for (const name of names.filter((entry) => entry.endsWith(RECORD_SUFFIX))) {
    const record = await readJsonFile<LayerBlob>(join(dir, name));
    if (record !== undefined) records.push(record);
  }
  return records;
}
