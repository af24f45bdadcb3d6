import type { ReadStream } from 'node:fs';

import { InvalidArgument } from '@skiff/contracts';

/** openInput opens a file for reading and fails with one clear line when it cannot. */
export async function openInput(
  path: string,
  open: (path: string) => ReadStream,
): Promise<ReadStream> {
  const stream = open(path);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ENOENT' ? 'no such file or directory' : error.message;
      reject(new InvalidArgument(`opening ${path}: ${reason}`));
    });
  });
  return stream;
}
