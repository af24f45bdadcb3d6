import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

import { RuntimeNotFound, type EngineEnvironment, type RuntimeInfo } from '@skiff/contracts';
import createDebug from 'debug';

const debug = createDebug('skiff:runtime-oci:locate');

/** The directories searched after $PATH, where distributions install runtimes. */
const STANDARD_DIRS = [
  '/usr/bin',
  '/usr/sbin',
  '/usr/local/bin',
  '/usr/local/sbin',
  '/sbin',
  '/bin',
];

/**
 * RuntimeLocator finds an OCI runtime binary from a name or a path without running it. The
 * configured runtime's own paths come first; every name may also be found on the search path.
 */
export class RuntimeLocator {
  constructor(
    private readonly configured: EngineEnvironment['ociRuntime'],
    private readonly searchPath: string = process.env.PATH ?? '',
  ) {}

  /** locate resolves `nameOrPath` to an executable file; throws RuntimeNotFound. */
  async locate(nameOrPath: string): Promise<RuntimeInfo> {
    if (nameOrPath.includes('/')) {
      return this.locatePath(nameOrPath);
    }
    return this.locateName(nameOrPath);
  }

  private async locatePath(given: string): Promise<RuntimeInfo> {
    const path = resolve(given);
    if (await isExecutableFile(path)) {
      debug('runtime %s is %s', given, path);
      return { name: given, path };
    }

    // Podman's wording, including the text of the Go sentinel it wraps, so scripts that match
    // Podman's stderr keep working.
    throw new RuntimeNotFound(
      `no valid executable found for OCI runtime ${given}: invalid argument`,
    );
  }

  private async locateName(name: string): Promise<RuntimeInfo> {
    for (const candidate of this.candidates(name)) {
      if (await isExecutableFile(candidate)) {
        debug('runtime %s is %s', name, candidate);
        return { name, path: candidate };
      }
      debug('runtime %s is not at %s', name, candidate);
    }

    throw new RuntimeNotFound(`default OCI runtime "${name}" not found: invalid argument`);
  }

  private candidates(name: string): string[] {
    const configuredPaths = name === this.configured.name ? this.configured.paths : [];
    const searched = this.searchDirs().map((dir) => join(dir, name));
    return [...new Set([...configuredPaths, ...searched])];
  }

  private searchDirs(): string[] {
    // Relative $PATH entries would make the answer depend on the caller's working directory.
    const fromPath = this.searchPath.split(delimiter).filter((dir) => isAbsolute(dir));
    return [...fromPath, ...STANDARD_DIRS];
  }
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    await access(path, constants.X_OK);
    return info.isFile();
  } catch {
    return false;
  }
}
