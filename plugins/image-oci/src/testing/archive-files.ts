import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';

import type { ArchiveFormat, ImageRecord } from '@skiff/contracts';

import type { OciImageProvider } from '../oci-image-provider.js';

const execFileAsync = promisify(execFile);

/** saveToFile saves images with `provider` into `file` and closes it, as the CLI does. */
export async function saveToFile(
  provider: OciImageProvider,
  images: { image: ImageRecord; names: string[] }[],
  format: ArchiveFormat,
  file: string,
): Promise<void> {
  const output = createWriteStream(file);
  try {
    await provider.save({ images, format, output });
  } finally {
    output.end();
    await finished(output);
  }
}

/** listTar lists the entry names of a tar file with GNU tar. */
export async function listTar(file: string): Promise<string[]> {
  const { stdout } = await execFileAsync('tar', ['-tf', file], { maxBuffer: 1 << 24 });
  return stdout.split('\n').filter((line) => line !== '');
}
