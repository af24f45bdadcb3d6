import { stat } from 'node:fs/promises';

import { InvalidArgument } from '@skiff/contracts';

import { goErrorText } from './go-error-text.js';

/**
 * DEFAULT_PROFILE_PATHS are the places Podman looks for the default profile, in order: an
 * administrator's override, then the file the containers-common package installs.
 */
export const DEFAULT_PROFILE_PATHS: readonly string[] = [
  '/etc/containers/seccomp.json',
  '/usr/share/containers/seccomp.json',
];

/**
 * findDefaultProfile returns the first of `candidates` that exists, or undefined when none
 * does. Like Podman, only "does not exist" moves on; any other stat failure is an error.
 */
export async function findDefaultProfile(
  candidates: readonly string[] = DEFAULT_PROFILE_PATHS,
): Promise<string | undefined> {
  for (const candidate of candidates) {
    if (await exists(candidate)) return candidate;
  }

  return undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;

    throw new InvalidArgument('looking for the default seccomp profile', {
      cause: new InvalidArgument(goErrorText(error, path)),
    });
  }
}
