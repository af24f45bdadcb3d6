import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { InvalidArgument } from '@skiff/contracts';

/**
 * writeToFileOrStdout runs `write` against `-o FILE` or stdout. A file is written under a
 * temporary name and renamed when complete, so a failed save never leaves half an archive
 * under the name asked for; a terminal on stdout is refused, as Podman refuses it.
 */
export async function writeToFileOrStdout(
  path: string | undefined,
  write: (output: NodeJS.WritableStream) => Promise<void>,
): Promise<void> {
  if (!path) {
    if (process.stdout.isTTY) {
      throw new InvalidArgument('refusing to save to terminal. Use -o flag or redirect');
    }
    await write(process.stdout);
    return;
  }

  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}`);
  const stream = createWriteStream(temp, { mode: 0o644 });
  try {
    await write(stream);
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(() => resolve());
    });
    await rename(temp, path);
  } catch (error) {
    stream.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}
