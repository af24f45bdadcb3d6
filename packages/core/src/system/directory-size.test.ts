import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { directorySize } from './directory-size.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-size-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('directorySize', () => {
  it('adds up files at every depth and nothing for the directories themselves', () => {
    mkdirSync(join(dir, 'a/b'), { recursive: true });
    writeFileSync(join(dir, 'top'), 'x'.repeat(100));
    writeFileSync(join(dir, 'a/b/deep'), 'y'.repeat(2345));

    expect(directorySize(dir)).toBe(2445);
  });

  it('counts a file with two hard links once', () => {
    writeFileSync(join(dir, 'file'), 'z'.repeat(1000));
    linkSync(join(dir, 'file'), join(dir, 'again'));

    expect(directorySize(dir)).toBe(1000);
  });

  it('counts a symbolic link as its own length, without following it', () => {
    const outside = join(dir, '..', `${dir.split('/').pop()}-target`);
    writeFileSync(outside, 'w'.repeat(5000));
    try {
      symlinkSync(outside, join(dir, 'link'));
      expect(directorySize(dir)).toBe(outside.length);
    } finally {
      rmSync(outside);
    }
  });

  it('measures a missing directory as empty', () => {
    expect(directorySize(join(dir, 'absent'))).toBe(0);
  });
});
