import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { StorageError, type OciSpec } from '@skiff/contracts';

import type { ContainerPaths } from './container-paths.js';

/**
 * readRunningSpec reads the config.json a running container was started with: the process
 * settings an exec inherits and the root file system a running container's names come from.
 */
export function readRunningSpec(paths: ContainerPaths, id: string): OciSpec {
  const path = join(paths.bundle(id), 'config.json');
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as OciSpec;
  } catch (error) {
    throw new StorageError(`reading ${path}`, { cause: error });
  }
}
