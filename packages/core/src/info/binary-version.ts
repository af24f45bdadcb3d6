import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

import createDebug from 'debug';

const debug = createDebug('skiff:core:info');

// A helper that hangs must not hang `skiff info`.
const TIMEOUT_MS = 5_000;

/** firstExecutable returns the first of `paths` this process may execute, or `''`. */
export function firstExecutable(paths: readonly string[]): string {
  for (const path of paths) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      debug('%s is not executable', path);
    }
  }
  return '';
}

/**
 * binaryVersion runs `path --version` and returns what it printed, trimmed, or `''` when it
 * cannot be run: info reports what it finds and never fails over a helper.
 */
export function binaryVersion(path: string): Promise<string> {
  if (path === '') return Promise.resolve('');
  return new Promise((resolve) => {
    execFile(path, ['--version'], { timeout: TIMEOUT_MS }, (error, stdout) => {
      if (error) debug('%s --version failed: %s', path, error.message);
      resolve(error ? '' : stdout.trim());
    });
  });
}
