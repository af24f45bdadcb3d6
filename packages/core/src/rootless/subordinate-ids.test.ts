import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { parseSubordinateRanges, subordinateRanges } from './subordinate-ids.js';

const FILE = [
  'alice:100000:65536',
  '# a comment line',
  'bob:165536:65536',
  '1003:231072:1000',
  'alice:300000:10',
  'carol:notanumber:5',
  'dave:400000:0',
  '',
].join('\n');

describe('parseSubordinateRanges', () => {
  it('returns every range of a user in file order', () => {
    expect(parseSubordinateRanges(FILE, { name: 'alice', id: 1001 })).toEqual([
      { start: 100000, count: 65536 },
      { start: 300000, count: 10 },
    ]);
  });

  it('matches an entry written with the numeric id, as shadow-utils does', () => {
    expect(parseSubordinateRanges(FILE, { name: 'erin', id: 1003 })).toEqual([
      { start: 231072, count: 1000 },
    ]);
  });

  it('skips malformed and empty ranges', () => {
    expect(parseSubordinateRanges(FILE, { name: 'carol', id: 7 })).toEqual([]);
    expect(parseSubordinateRanges(FILE, { name: 'dave', id: 8 })).toEqual([]);
  });
});

describe('subordinateRanges', () => {
  const dir = mkdtempSync(join(tmpdir(), 'subids-'));

  it('refuses a user without a range, saying how to add one', () => {
    const file = join(dir, 'subuid');
    writeFileSync(file, FILE);

    expect(() => subordinateRanges(file, { name: 'frank', id: 1009 })).toThrow(
      `no subordinate uids for "frank" in ${file}: rootless containers need a range there, ` +
        'e.g. usermod --add-subuids 100000-165535 --add-subgids 100000-165535 frank',
    );
  });

  it('treats a missing file as granting nothing', () => {
    expect(() => subordinateRanges(join(dir, 'subgid'), { name: 'bob', id: 1002 })).toThrow(
      /^no subordinate gids for "bob"/,
    );
  });
});
