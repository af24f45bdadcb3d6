import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import type { RootfsReport } from '@skiff/contracts';

import { tempName } from '../storage/temp-name.js';

/** DriverName is a storage driver this plugin implements. */
export type DriverName = RootfsReport['driver'];

/** DRIVER_NAMES lists the storage drivers this plugin implements. */
export const DRIVER_NAMES: readonly DriverName[] = ['overlay', 'vfs'];

/** DriverChoice is a driver and, for overlay mounted through FUSE, the program that mounts it. */
export interface DriverChoice {
  driver: DriverName;
  /** fuse-overlayfs' path, when overlay mounts go through it rather than the kernel. */
  mountProgram?: string;
}

const MOUNT_PROGRAM_KEY = 'mount_program=';

/**
 * readDriverFile returns the choice recorded in a driver file (a container's, or the store's
 * probe result), or undefined when the file is missing or names no known driver. The first
 * line is the driver, as in files written before FUSE mounts existed; a `mount_program=` line
 * may follow for overlay.
 */
export async function readDriverFile(file: string): Promise<DriverChoice | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return parseDriverFile(text);
}

/** parseDriverFile reads the text of a driver file; see readDriverFile. */
export function parseDriverFile(text: string): DriverChoice | undefined {
  const [first = '', ...rest] = text.split('\n').map((line) => line.trim());
  const driver = DRIVER_NAMES.find((name) => name === first);
  if (driver === undefined) return undefined;

  const program = rest.find((line) => line.startsWith(MOUNT_PROGRAM_KEY));
  if (driver !== 'overlay' || program === undefined) return { driver };
  return { driver, mountProgram: program.slice(MOUNT_PROGRAM_KEY.length) };
}

/** formatDriverFile is the text of a driver file recording `choice`. */
export function formatDriverFile(choice: DriverChoice): string {
  const program = choice.mountProgram;
  return program === undefined
    ? `${choice.driver}\n`
    : `${choice.driver}\n${MOUNT_PROGRAM_KEY}${program}\n`;
}

/** writeDriverFile records a choice in `file`, replacing the file whole or not at all. */
export async function writeDriverFile(file: string, choice: DriverChoice): Promise<void> {
  const temp = join(dirname(file), tempName('tmp'));
  try {
    await writeFile(temp, formatDriverFile(choice));
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
