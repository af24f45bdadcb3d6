import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { RuntimeNotFound, SkiffError } from '@skiff/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RuntimeLocator } from './runtime-locator.js';

let dir: string;

async function makeFile(path: string, mode: number): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, '#!/bin/sh\n');
  await chmod(path, mode);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-locate-'));
  await makeFile(join(dir, 'first/myrt'), 0o755);
  await makeFile(join(dir, 'second/myrt'), 0o755);
  await makeFile(join(dir, 'onpath/otherrt'), 0o755);
  await makeFile(join(dir, 'onpath/plainfile'), 0o644);
  await mkdir(join(dir, 'onpath/adir'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function locator(paths: string[], searchPath = join(dir, 'onpath')): RuntimeLocator {
  return new RuntimeLocator({ name: 'myrt', paths }, searchPath);
}

describe('RuntimeLocator', () => {
  it('accepts an existing executable given as a path', async () => {
    const path = join(dir, 'onpath/otherrt');

    await expect(locator([]).locate(path)).resolves.toEqual({ name: path, path });
  });

  it('rejects a missing path with the message Podman prints', async () => {
    const error = await locator([])
      .locate('/nope/runc')
      .catch((e: unknown) => e);

    expect(SkiffError.is(error) && error.code).toBe('RuntimeNotFound');
    expect(error).toBeInstanceOf(RuntimeNotFound);
    expect((error as Error).message).toBe(
      'no valid executable found for OCI runtime /nope/runc: invalid argument',
    );
  });

  it('rejects a path that is not executable or not a file', async () => {
    await expect(locator([]).locate(join(dir, 'onpath/plainfile'))).rejects.toThrow(
      RuntimeNotFound,
    );
    await expect(locator([]).locate(join(dir, 'onpath/adir'))).rejects.toThrow(RuntimeNotFound);
  });

  it('tries the configured paths of the configured runtime in order', async () => {
    const missing = join(dir, 'missing/myrt');
    const first = join(dir, 'first/myrt');
    const second = join(dir, 'second/myrt');

    await expect(locator([missing, second, first]).locate('myrt')).resolves.toEqual({
      name: 'myrt',
      path: second,
    });
  });

  it('falls back to the search path for the configured runtime', async () => {
    const found = await new RuntimeLocator(
      { name: 'otherrt', paths: [join(dir, 'missing/otherrt')] },
      join(dir, 'onpath'),
    ).locate('otherrt');

    expect(found).toEqual({ name: 'otherrt', path: join(dir, 'onpath/otherrt') });
  });

  it('finds any other name on the search path only', async () => {
    await expect(locator([join(dir, 'first/myrt')]).locate('otherrt')).resolves.toEqual({
      name: 'otherrt',
      path: join(dir, 'onpath/otherrt'),
    });
  });

  it('searches the usual system directories after the search path', async () => {
    const found = await locator([], '').locate('sh');

    expect(found.path).toMatch(/^\/(usr\/)?(local\/)?s?bin\/sh$/);
  });

  it('rejects an unknown name with the message Podman prints', async () => {
    await expect(locator([]).locate('nosuchrt')).rejects.toThrow(
      new RuntimeNotFound('default OCI runtime "nosuchrt" not found: invalid argument'),
    );
  });

  it('ignores files on the search path that cannot be executed', async () => {
    await expect(locator([]).locate('plainfile')).rejects.toThrow(RuntimeNotFound);
  });
});
