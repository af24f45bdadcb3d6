import { chmod, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * removeTree deletes a directory tree, even one holding directories without write or search
 * permission: an archive may carry a `dr-x------` directory, and the kernel leaves overlay's
 * `work/work` at mode 000. Root is not stopped by modes; everyone else chmods first.
 */
export async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw error;

    await openUp(path);
    await rm(path, { recursive: true, force: true });
  }
}

async function openUp(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.isDirectory()) await openUp(join(dir, entry.name));
  }
}
