import { execFile } from 'node:child_process';
import {
  chmod,
  lchown,
  link,
  lstat,
  mkdir,
  mkdtemp,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { StorageError } from '@skiff/contracts';
import type { IdMappings } from '@skiff/contracts';

import { mapId, shiftOwners, shiftingMappings } from './id-shift.js';

const execFileAsync = promisify(execFile);
const isRoot = process.getuid?.() === 0;

// keep-id for a user 1000 with subordinate ids from 100000, as the engine's namespace sees it.
const KEEP_ID = [
  { containerID: 0, hostID: 1, size: 1000 },
  { containerID: 1000, hostID: 0, size: 1 },
  { containerID: 1001, hostID: 1001, size: 64535 },
];
const SHIFTED = { uidMappings: KEEP_ID, gidMappings: KEEP_ID };

describe('mapId', () => {
  it('maps an id through the range that holds it: hostID + id - containerID', () => {
    expect(mapId(0, KEEP_ID)).toBe(1);
    expect(mapId(999, KEEP_ID)).toBe(1000);
    expect(mapId(1000, KEEP_ID)).toBe(0);
    expect(mapId(1001, KEEP_ID)).toBe(1001);
    expect(mapId(65535, KEEP_ID)).toBe(65535);
  });

  it('has no answer for an id past every range', () => {
    expect(mapId(65536, KEEP_ID)).toBeUndefined();
    expect(mapId(5, [])).toBeUndefined();
  });
});

describe('shiftingMappings', () => {
  it('ignores absent mappings and ones that map every id to itself', () => {
    const identity = [{ containerID: 0, hostID: 0, size: 65536 }];

    expect(shiftingMappings(undefined)).toBeUndefined();
    expect(shiftingMappings({ uidMappings: identity, gidMappings: identity })).toBeUndefined();
  });

  it('keeps mappings that move some id', () => {
    const gidOnly: IdMappings = { uidMappings: [], gidMappings: [KEEP_ID[0]!] };

    expect(shiftingMappings(SHIFTED)).toBe(SHIFTED);
    expect(shiftingMappings(gidOnly)).toBe(gidOnly);
  });
});

// Giving files other owners takes root.
describe.skipIf(!isRoot)('shiftOwners', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skiff-id-shift-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function owner(path: string) {
    const stats = await lstat(join(dir, path));
    return `${stats.uid}:${stats.gid}`;
  }

  it('gives every file, directory and link the owner its image owner maps to', async () => {
    await mkdir(join(dir, 'home/user'), { recursive: true });
    await writeFile(join(dir, 'home/user/notes'), 'x');
    await symlink('notes', join(dir, 'home/user/link'));
    await lchown(join(dir, 'home/user'), 1000, 1000);
    await lchown(join(dir, 'home/user/notes'), 1000, 50);
    await lchown(join(dir, 'home/user/link'), 7, 1000);

    await shiftOwners(dir, SHIFTED);

    expect(await owner('.')).toBe('1:1');
    expect(await owner('home')).toBe('1:1');
    expect(await owner('home/user')).toBe('0:0');
    expect(await owner('home/user/notes')).toBe('0:51');
    expect(await owner('home/user/link')).toBe('8:0');
  });

  it('shifts a file with several names once', async () => {
    await writeFile(join(dir, 'a'), 'x');
    await link(join(dir, 'a'), join(dir, 'b'));
    await lchown(join(dir, 'a'), 5, 5);

    await shiftOwners(dir, SHIFTED);

    expect(await owner('a')).toBe('6:6');
    expect(await owner('b')).toBe('6:6');
  });

  it('keeps set-user-id and set-group-id bits, which chown clears', async () => {
    await writeFile(join(dir, 'suid'), 'x');
    await chmod(join(dir, 'suid'), 0o6755);

    await shiftOwners(dir, SHIFTED);

    expect((await lstat(join(dir, 'suid'))).mode & 0o7777).toBe(0o6755);
  });

  it('keeps file capabilities, which chown drops', async () => {
    await writeFile(join(dir, 'ping'), 'x');
    await execFileAsync('setcap', ['cap_net_raw+ep', join(dir, 'ping')]);

    await shiftOwners(dir, SHIFTED);

    const { stdout } = await execFileAsync('getcap', [join(dir, 'ping')]);
    expect(stdout).toContain('cap_net_raw=ep');
    expect(await owner('ping')).toBe('1:1');
  });

  it('fails naming the file and the id when no range covers its owner', async () => {
    await mkdir(join(dir, 'srv'));
    await writeFile(join(dir, 'srv/far'), 'x');
    await lchown(join(dir, 'srv/far'), 0, 70000);

    const failure = await shiftOwners(dir, SHIFTED).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(StorageError);
    expect((failure as Error).message).toBe(
      "cannot map the owner of /srv/far into the container's user namespace: " +
        'no gid mapping covers gid 70000',
    );
  });
});
