import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import type { RootfsReport } from '@skiff/contracts';

import { tempName } from '../storage/temp-name.js';

/** DriverName is a storage driver this plugin implements. */
export type DriverName = RootfsReport['driver'];

/** DRIVER_NAMES lists the storage drivers this plugin implements. */
export const DRIVER_NAMES: readonly DriverName[] = ['overlay', 'vfs'];

/**
 * readDriverFile returns the driver recorded in a driver file (a container's choice, or the
 * store's probe result), or undefined when the file is missing or names no known driver.
 */
export async function readDriverFile(file: string): Promise<DriverName | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const name = text.trim();
  return DRIVER_NAMES.find((driver) => driver === name);
}

/** writeDriverFile records a driver in `file`, replacing the file whole or not at all. */
export async function writeDriverFile(file: string, driver: DriverName): Promise<void> {
  const temp = join(dirname(file), tempName('tmp'));
  try {
    await writeFile(temp, `${driver}\n`);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
