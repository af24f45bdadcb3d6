import { rename } from 'node:fs/promises';

/**
 * renameUnlessTaken moves a finished directory to its final name and reports whether it did:
 * false when another process put an entry of the same name there first, which is as good.
 */
export async function renameUnlessTaken(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    return false;
  }
}
