import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { prepareRuntimeDir, rootlessRuntimeDir } from './runtime-dir.js';

const asRoot = process.geteuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), 'runtime-dir-'));
const uid = process.geteuid?.() ?? 0;

describe('rootlessRuntimeDir', () => {
  it('is XDG_RUNTIME_DIR, or a directory of the user under /tmp without one', () => {
    expect(rootlessRuntimeDir({ XDG_RUNTIME_DIR: '/run/user/1001' }, 1001)).toBe('/run/user/1001');
    expect(rootlessRuntimeDir({ XDG_RUNTIME_DIR: '' }, 1001)).toBe('/tmp/skiff-run-1001');
    expect(rootlessRuntimeDir({}, 1001)).toBe('/tmp/skiff-run-1001');
  });
});

describe('prepareRuntimeDir', () => {
  it('accepts an XDG_RUNTIME_DIR the user owns and can write', () => {
    expect(prepareRuntimeDir({ XDG_RUNTIME_DIR: dir }, uid)).toBe(dir);
  });

  it('refuses an XDG_RUNTIME_DIR that is missing or owned by someone else', () => {
    const missing = join(dir, 'missing');
    expect(() => prepareRuntimeDir({ XDG_RUNTIME_DIR: missing }, uid)).toThrow(
      `XDG_RUNTIME_DIR directory "${missing}" does not exist: create it or unset XDG_RUNTIME_DIR`,
    );
    expect(() => prepareRuntimeDir({ XDG_RUNTIME_DIR: '/proc' }, 4242)).toThrow(
      'XDG_RUNTIME_DIR directory "/proc" is not owned by the current user',
    );
  });

  it.skipIf(!asRoot)('refuses a fallback directory that another user made first', () => {
    const env = { XDG_RUNTIME_DIR: '' };
    const fallback = '/tmp/skiff-run-4343';
    rmSync(fallback, { recursive: true, force: true });
    mkdirSync(fallback, { mode: 0o777 });
    chmodSync(fallback, 0o777);
    expect(() => prepareRuntimeDir(env, 4343)).toThrow(
      `runtime directory "${fallback}" is not a private directory of the current user: ` +
        'remove it, or set XDG_RUNTIME_DIR',
    );
    chownSync(fallback, 4343, 4343);
    chmodSync(fallback, 0o700);
    expect(prepareRuntimeDir(env, 4343)).toBe(fallback);
    expect(statSync(fallback).mode & 0o777).toBe(0o700);
    rmSync(fallback, { recursive: true });
  });
});
