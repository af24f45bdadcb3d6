import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { subIdMappings, subIdRanges } from './subid-ranges.js';

const dir = mkdtempSync(join(tmpdir(), 'skiff-subid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = join(dir, 'subuid');
writeFileSync(file, '# ranges\nalice:100000:65536\nbob:200000:1000\nalice:300000:10\n');

describe('subIdRanges', () => {
  it('reads every range of a name, in file order', () => {
    expect(subIdRanges('uid', 'alice', file)).toEqual([
      { start: 100000, count: 65536 },
      { start: 300000, count: 10 },
    ]);
  });

  it('refuses a name with no range, in Podman words', () => {
    expect(() => subIdRanges('uid', 'carol', file)).toThrow(
      `no subuid ranges found for user "carol" in ${file}`,
    );
    expect(() => subIdRanges('gid', 'carol', join(dir, 'missing'))).toThrow(
      `no subgid ranges found for group "carol" in ${join(dir, 'missing')}`,
    );
  });
});

describe('subIdMappings', () => {
  it('maps container ids from 0 up across the ranges', () => {
    const ranges = subIdRanges('uid', 'alice', file);

    expect(subIdMappings(ranges)).toEqual([
      { containerID: 0, hostID: 100000, size: 65536 },
      { containerID: 65536, hostID: 300000, size: 10 },
    ]);
  });
});
