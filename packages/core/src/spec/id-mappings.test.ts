import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SkiffError } from '@skiff/contracts';
import { afterAll, describe, expect, it } from 'vitest';

import {
  checkIdMappings,
  formatIdMapping,
  holdsIds,
  hostIdOf,
  idMapSize,
  insideIds,
  parseIdMapFlags,
  readIdMap,
  splitIdMapFlags,
} from './id-mappings.js';

const ROOTLESS = [
  { containerID: 0, hostID: 1001, size: 1 },
  { containerID: 1, hostID: 100000, size: 65536 },
];

// The one line the CLI prints: the error and its causes.
function failure(step: () => unknown): string {
  try {
    step();
  } catch (error) {
    return SkiffError.chain(error).join(': ');
  }
  return expect.unreachable('no error');
}

const dir = mkdtempSync(join(tmpdir(), 'skiff-idmap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseIdMapFlags', () => {
  it('reads CONTAINER:HOST:SIZE values, several to a flag when comma separated', () => {
    const values = splitIdMapFlags(['0:100000:1000,1000:1000:1', '', '1001:101001:64535']);

    expect(parseIdMapFlags(values, 'UID')).toEqual([
      { containerID: 0, hostID: 100000, size: 1000 },
      { containerID: 1000, hostID: 1000, size: 1 },
      { containerID: 1001, hostID: 101001, size: 64535 },
    ]);
    expect(parseIdMapFlags(['0:1:4294967295'], 'UID')[0].size).toBe(4294967295);
  });

  it('refuses a malformed value with the whole list, in Podman words', () => {
    const prefix =
      'initializing ID mappings: UID setting is malformed expected ["uint32:uint32:uint32"]: ';
    for (const bad of ['0:100000', 'a:1:2', '-1:1:2', '0:1:2:3', ' 0:1:1', '0x1:1:1', '+1:1:1']) {
      expect(failure(() => parseIdMapFlags([bad], 'UID'))).toBe(
        `${prefix}[${JSON.stringify(bad)}]`,
      );
    }
    expect(failure(() => parseIdMapFlags(['0:1:1', 'bad'], 'GID'))).toContain(
      'GID setting is malformed expected ["uint32:uint32:uint32"]: ["0:1:1" "bad"]',
    );
    expect(failure(() => parseIdMapFlags(['4294967296:1:1'], 'UID'))).toContain('malformed');
  });
});

describe('checkIdMappings', () => {
  const map = (containerID: number, hostID: number, size: number) => ({
    containerID,
    hostID,
    size,
  });

  it('keeps mappings that do not overlap and drops empty ones', () => {
    expect(checkIdMappings([map(0, 100000, 10), map(10, 5, 0), map(10, 200000, 5)])).toEqual([
      map(0, 100000, 10),
      map(10, 200000, 5),
    ]);
  });

  it('refuses mappings that overlap inside or outside, naming the later one', () => {
    const words = 'conflicts with other mappings: invalid mappings specified';
    expect(failure(() => checkIdMappings([map(0, 100000, 10), map(5, 200000, 10)]))).toBe(
      `creating container storage: the specified UID and/or GID mapping 5:200000:10 ${words}`,
    );
    expect(failure(() => checkIdMappings([map(0, 100000, 10), map(20, 100005, 10)]))).toContain(
      `mapping 20:100005:10 ${words}`,
    );
  });

  it('refuses mappings that leave the container root unmapped', () => {
    for (const mappings of [[map(1, 100000, 10)], [map(0, 1, 0)]]) {
      expect(() => checkIdMappings(mappings)).toThrow(
        'container ID 0 cannot be mapped to a host ID',
      );
    }
  });
});

describe('namespace id arithmetic', () => {
  it('reads a uid_map file', () => {
    const file = join(dir, 'uid_map');
    writeFileSync(file, '         0       1001          1\n         1     100000      65536\n');

    expect(readIdMap(file)).toEqual(ROOTLESS);
    expect(idMapSize(ROOTLESS)).toBe(65537);
  });

  it('translates host ids into the namespace, and refuses ranges it lacks', () => {
    expect(insideIds(ROOTLESS, 100000, 65536)).toBe(1);
    expect(insideIds(ROOTLESS, 1001, 1)).toBe(0);
    expect(insideIds(ROOTLESS, 100000, 65537)).toBeUndefined();
    expect(holdsIds(ROOTLESS, 1, 65536)).toBe(true);
    expect(holdsIds(ROOTLESS, 0, 65538)).toBe(false);
  });

  it('finds the host id of a container id and formats mappings as Podman', () => {
    expect(hostIdOf([{ containerID: 0, hostID: 100000, size: 10 }], 3)).toBe(100003);
    expect(hostIdOf([{ containerID: 1, hostID: 100000, size: 10 }], 0)).toBeUndefined();
    expect(formatIdMapping({ containerID: 0, hostID: 1, size: 1001 })).toBe('0:1:1001');
  });
});
