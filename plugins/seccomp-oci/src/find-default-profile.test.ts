import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_PROFILE_PATHS, findDefaultProfile } from './find-default-profile.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-seccomp-default-'));
  await writeFile(join(dir, 'second.json'), '{}');
  await writeFile(join(dir, 'third.json'), '{}');
  await mkdir(join(dir, 'file-as-dir'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('findDefaultProfile', () => {
  it('looks in /etc/containers before /usr/share/containers', () => {
    expect(DEFAULT_PROFILE_PATHS).toEqual([
      '/etc/containers/seccomp.json',
      '/usr/share/containers/seccomp.json',
    ]);
  });

  it('returns the first candidate that exists', async () => {
    const candidates = ['first.json', 'second.json', 'third.json'].map((name) => join(dir, name));

    expect(await findDefaultProfile(candidates)).toBe(join(dir, 'second.json'));
  });

  it('returns undefined when none exists', async () => {
    expect(await findDefaultProfile([join(dir, 'none.json')])).toBeUndefined();
  });

  it('fails on a stat error other than a missing file', async () => {
    const blocked = join(dir, 'second.json', 'seccomp.json');

    await expect(findDefaultProfile([blocked])).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: 'looking for the default seccomp profile',
      cause: { message: `stat ${blocked}: not a directory` },
    });
  });
});
