import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { writableLayerSize } from './writable-layer-size.js';

const LAYER = `sha256:${'a'.repeat(64)}`;
const ID = 'c'.repeat(64);

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'skiff-rw-'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, bytes: number, mtime = new Date('2020-01-01T00:00:00Z')): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, 'x'.repeat(bytes));
  utimesSync(path, mtime, mtime);
}

describe('writableLayerSize', () => {
  it("measures an overlay container's upper directory", () => {
    write(join(root, 'containers', ID, 'upper/big'), 2345);
    write(join(root, 'containers', ID, 'merged/ignored'), 999);

    expect(writableLayerSize(root, ID, [LAYER])).toBe(2345);
  });

  it("counts only what a vfs container's copy changed or added", () => {
    const layer = join(root, 'layers', 'a'.repeat(64), 'diff');
    const rootfs = join(root, 'containers', ID, 'rootfs');
    write(join(layer, 'bin/sh'), 1000);
    write(join(rootfs, 'bin/sh'), 1000);
    write(join(layer, 'etc/hosts'), 10);
    write(join(rootfs, 'etc/hosts'), 12, new Date());
    write(join(rootfs, 'new'), 300);

    expect(writableLayerSize(root, ID, [LAYER])).toBe(312);
  });

  it('measures a container without a file system as empty', () => {
    expect(writableLayerSize(root, ID, [LAYER])).toBe(0);
  });
});
