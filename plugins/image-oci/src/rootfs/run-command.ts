import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { StorageError } from '@skiff/contracts';

import { logger } from '../logger.js';

const log = logger('rootfs');
const execFileAsync = promisify(execFile);

/**
 * runCommand runs a storage tool (mount, umount, cp) and returns its standard output. Node
 * has no mount system call, so these steps go through util-linux and coreutils. A failure
 * becomes a StorageError carrying the tool's own words.
 */
export async function runCommand(file: string, args: readonly string[]): Promise<string> {
  log('running %s %s', file, args.join(' '));
  try {
    const { stdout } = await execFileAsync(file, [...args], { encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    const detail = stderr || (error as Error).message;
    throw new StorageError(`${file} failed: ${detail}`, { cause: error });
  }
}
