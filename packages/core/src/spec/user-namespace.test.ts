import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ContainerCreateOptions } from '@skiff/contracts';
import { SkiffError } from '@skiff/contracts';
import { afterAll, describe, expect, it } from 'vitest';

import { createOptions } from '../testing/create-options.js';
import {
  keepIdMappings,
  keepIdOf,
  planUserNamespace,
  type EngineNamespace,
} from './user-namespace.js';

const dir = mkdtempSync(join(tmpdir(), 'skiff-userns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const subuidFile = join(dir, 'subuid');
const subgidFile = join(dir, 'subgid');
writeFileSync(subuidFile, 'rlx:100000:65536\n');
writeFileSync(subgidFile, 'rlx:200000:65536\nstaff:300000:1000\n');

const FULL = [{ containerID: 0, hostID: 0, size: 4294967295 }];
const ROOTFUL: EngineNamespace = {
  rootless: false,
  user: { uid: 0, gid: 0 },
  uidMap: FULL,
  gidMap: FULL,
  subuidFile,
  subgidFile,
};
const ROOTLESS: EngineNamespace = {
  rootless: true,
  user: { uid: 1001, gid: 1001 },
  uidMap: [
    { containerID: 0, hostID: 1001, size: 1 },
    { containerID: 1, hostID: 100000, size: 65536 },
  ],
  gidMap: [
    { containerID: 0, hostID: 1001, size: 1 },
    { containerID: 1, hostID: 200000, size: 65536 },
  ],
  subuidFile,
  subgidFile,
};

function plan(options: Partial<ContainerCreateOptions>, engine = ROOTFUL) {
  return planUserNamespace(createOptions(options), engine);
}

function failure(options: Partial<ContainerCreateOptions>, engine = ROOTFUL): string {
  try {
    plan(options, engine);
  } catch (error) {
    return SkiffError.chain(error).join(': ');
  }
  return expect.unreachable('no error');
}

describe('planUserNamespace: modes', () => {
  it('shares the engine namespace by default and with host or an empty mode', () => {
    for (const userns of [undefined, '', 'host']) expect(plan({ userns })).toBeUndefined();
    expect(plan({ uidmap: [''] })).toBeUndefined();
  });

  it('refuses modes that need a rootless engine, in Podman words', () => {
    expect(failure({ userns: 'keep-id' })).toBe('keep-id is only supported in rootless mode');
    expect(failure({ userns: 'nomap' })).toBe('nomap is only supported in rootless mode');
  });

  it('refuses unknown and unsupported modes', () => {
    expect(failure({ userns: 'bogus' })).toBe('unrecognized namespace mode bogus passed');
    expect(failure({ userns: 'private' })).toBe(
      'must provide at least one UID or GID mapping to configure a user namespace',
    );
    expect(failure({ userns: 'auto' })).toContain('auto is not supported yet');
    expect(failure({ userns: 'ns:/proc/1/ns/user' })).toContain('is not supported yet');
    expect(failure({ userns: 'container:web' })).toContain('is not supported yet');
    expect(failure({ userns: 'ns:' })).toBe(
      'invalid config provided: namespace mode path requires a value',
    );
  });

  it('refuses --userns together with any mapping flag, even an empty one', () => {
    const words = '--userns and --uidmap/--gidmap/--subuidname/--subgidname are mutually exclusive';
    expect(failure({ userns: '', uidmap: ['0:1:1'] })).toBe(words);
    expect(failure({ userns: 'host', subuidname: 'rlx' })).toBe(words);
    expect(failure({ userns: 'keep-id', gidmap: ['0:1:1'] }, ROOTLESS)).toBe(words);
  });
});

describe('planUserNamespace: --uidmap and --gidmap', () => {
  it('uses one kind of mapping for both when only one is given', () => {
    const uids = plan({ uidmap: ['0:100000:65536'] });
    expect(uids?.gidMappings).toEqual([{ containerID: 0, hostID: 100000, size: 65536 }]);
    expect(uids?.origin).toBe('--uidmap');

    const gids = plan({ gidmap: ['0:200000:10'] });
    expect(gids?.uidMappings).toEqual([{ containerID: 0, hostID: 200000, size: 10 }]);
  });

  it('names the kind of a malformed flag as Podman does, UID for a lone --gidmap', () => {
    expect(failure({ gidmap: ['bad'] })).toContain('UID setting is malformed');
    expect(failure({ uidmap: ['0:1:1'], gidmap: ['bad'] })).toContain(
      'GID setting is malformed expected ["uint32:uint32:uint32"]: ["bad"]',
    );
  });

  it('refuses, rootless, a mapping onto ids the namespace does not hold', () => {
    expect(failure({ uidmap: ['0:70000:10'] }, ROOTLESS)).toBe(
      'potentially insufficient UIDs or GIDs available in user namespace (requested 0:70000:10): check /etc/subuid and /etc/subgid',
    );
    expect(plan({ uidmap: ['0:1:65536'] }, ROOTLESS)?.uidMappings).toEqual([
      { containerID: 0, hostID: 1, size: 65536 },
    ]);
  });
});

describe('planUserNamespace: --subuidname and --subgidname', () => {
  it('maps the named ranges, the one name standing for both', () => {
    const mapped = plan({ subuidname: 'rlx' });

    expect(mapped?.uidMappings).toEqual([{ containerID: 0, hostID: 100000, size: 65536 }]);
    expect(mapped?.gidMappings).toEqual([{ containerID: 0, hostID: 200000, size: 65536 }]);
    expect(plan({ subuidname: 'rlx', subgidname: 'staff' })?.gidMappings).toEqual([
      { containerID: 0, hostID: 300000, size: 1000 },
    ]);
  });

  it('refuses a name without ranges, the uid file first as Podman', () => {
    expect(failure({ subgidname: 'nosuch' })).toBe(
      `no subuid ranges found for user "nosuch" in ${subuidFile}`,
    );
    expect(failure({ subuidname: 'rlx', subgidname: 'nosuch' })).toBe(
      `no subgid ranges found for group "nosuch" in ${subgidFile}`,
    );
  });

  it('puts --uidmap first, so the range is what conflicts', () => {
    expect(failure({ subuidname: 'rlx', uidmap: ['0:1:1'] })).toBe(
      'creating container storage: the specified UID and/or GID mapping 0:100000:65536 conflicts with other mappings: invalid mappings specified',
    );
  });

  it('translates host ranges into the rootless namespace ids', () => {
    const mapped = plan({ subuidname: 'rlx' }, ROOTLESS);

    expect(mapped?.uidMappings).toEqual([{ containerID: 0, hostID: 1, size: 65536 }]);
    expect(failure({ subuidname: 'rlx', subgidname: 'staff' }, ROOTLESS)).toContain(
      'the subgid range 300000:1000 of "staff" is not mapped into the user namespace',
    );
  });
});

describe('planUserNamespace: keep-id and nomap, rootless', () => {
  it('maps the user to its own uid, as Podman shows for uid 1001', () => {
    const mapped = plan({ userns: 'keep-id' }, ROOTLESS);

    expect(mapped?.uidMappings).toEqual([
      { containerID: 0, hostID: 1, size: 1001 },
      { containerID: 1001, hostID: 0, size: 1 },
      { containerID: 1002, hostID: 1002, size: 64535 },
    ]);
    expect(mapped?.keepId).toEqual({ uid: 1001, gid: 1001 });
    expect(mapped?.origin).toBe('--userns keep-id');
  });

  it('maps the user to the ids keep-id options name', () => {
    const mapped = plan({ userns: 'keep-id:uid=5,gid=6' }, ROOTLESS);

    expect(mapped?.uidMappings).toEqual(keepIdMappings(5, 65537));
    expect(mapped?.uidMappings[2]).toEqual({ containerID: 6, hostID: 6, size: 65531 });
    expect(mapped?.keepId).toEqual({ uid: 5, gid: 6 });
  });

  it('leaves the user out with nomap', () => {
    expect(plan({ userns: 'nomap' }, ROOTLESS)?.uidMappings).toEqual([
      { containerID: 0, hostID: 1, size: 65536 },
    ]);
  });
});

describe('keepIdMappings', () => {
  it('leaves out empty ranges at either end', () => {
    expect(keepIdMappings(0, 65537)).toEqual([
      { containerID: 0, hostID: 0, size: 1 },
      { containerID: 1, hostID: 1, size: 65536 },
    ]);
    expect(keepIdMappings(65536, 65537)).toEqual([
      { containerID: 0, hostID: 1, size: 65536 },
      { containerID: 65536, hostID: 0, size: 1 },
    ]);
  });
});

describe('keepIdOf', () => {
  it('reads back the ids that stand for the user, for keep-id only', () => {
    const linux = { uidMappings: keepIdMappings(1001, 65537), gidMappings: keepIdMappings(7, 10) };

    expect(keepIdOf('keep-id', linux)).toEqual({ uid: 1001, gid: 7 });
    expect(keepIdOf('keep-id:uid=1001', linux)).toEqual({ uid: 1001, gid: 7 });
    expect(keepIdOf(undefined, linux)).toBeUndefined();
  });
});
