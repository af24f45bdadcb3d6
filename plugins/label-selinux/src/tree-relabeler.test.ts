import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SkiffError } from '@skiff/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { TreeRelabeler } from './tree-relabeler.js';

const IS_ROOT = process.getuid?.() === 0;
const LABEL = 'system_u:object_r:container_file_t:s0:c7,c8';

function labelOf(path: string): string | undefined {
  const args = ['-h', '--absolute-names', '--only-values', '-n', 'security.selinux', '--', path];
  const result = spawnSync('getfattr', args);
  return result.status === 0 ? result.stdout.toString('utf8') : undefined;
}

describe('TreeRelabeler.collect', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skiff-walk-'));
    await mkdir(join(dir, 'a', 'b'), { recursive: true });
    await writeFile(join(dir, 'a', 'b', 'f'), '');
    await writeFile(join(dir, 'g'), '');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists every entry with the root last', async () => {
    const entries = (await TreeRelabeler.collect(Buffer.from(dir))).map(String);

    expect(entries.at(-1)).toBe(dir);
    expect([...entries].sort()).toEqual(
      [dir, join(dir, 'a'), join(dir, 'a', 'b'), join(dir, 'a', 'b', 'f'), join(dir, 'g')].sort(),
    );
  });

  it('lists a symbolic link to a directory without descending into it', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'skiff-walk-outside-'));
    try {
      await writeFile(join(outside, 'secret'), '');
      await symlink(outside, join(dir, 'link'));

      const entries = (await TreeRelabeler.collect(Buffer.from(dir))).map(String);

      expect(entries).toContain(join(dir, 'link'));
      expect(entries.some((entry) => entry.includes('secret'))).toBe(false);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('lists a single file as just itself', async () => {
    const entries = await TreeRelabeler.collect(Buffer.from(join(dir, 'g')));

    expect(entries.map(String)).toEqual([join(dir, 'g')]);
  });

  it('fails with a storage error for a root that does not exist', async () => {
    await expect(TreeRelabeler.collect(Buffer.from(join(dir, 'none')))).rejects.toThrow(
      expect.objectContaining({ code: 'Storage' }),
    );
  });
});

describe.skipIf(!IS_ROOT)('TreeRelabeler.relabel (needs root to set security.selinux)', () => {
  let dir: string;
  let outside: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skiff-tree-'));
    outside = await mkdtemp(join(tmpdir(), 'skiff-tree-outside-'));
    await mkdir(join(dir, 'sub', 'deeper'), { recursive: true });
    await writeFile(join(dir, 'sub', 'deeper', 'file'), 'x');
    await writeFile(join(dir, 'top'), 'y');
    await writeFile(join(outside, 'target'), 'z');
    await symlink(join(outside, 'target'), join(dir, 'file-link'));
    await symlink(outside, join(dir, 'dir-link'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('labels every entry, links themselves included, without following any link', async () => {
    const report = await new TreeRelabeler().relabel(dir, LABEL);

    for (const path of [
      '',
      'sub',
      'sub/deeper',
      'sub/deeper/file',
      'top',
      'file-link',
      'dir-link',
    ]) {
      expect(labelOf(join(dir, path))).toBe(LABEL);
    }
    expect(labelOf(outside)).toBeUndefined();
    expect(labelOf(join(outside, 'target'))).toBeUndefined();
    expect(report).toEqual({ entries: 7, written: 7 });
  });

  it('relabels an already labelled tree with a new label', async () => {
    await new TreeRelabeler().relabel(dir, LABEL);

    await new TreeRelabeler().relabel(dir, 'u:object_r:other_t:s0');

    expect(labelOf(join(dir, 'sub', 'deeper', 'file'))).toBe('u:object_r:other_t:s0');
  });

  it('skips entries already carrying the label once the root carries it', async () => {
    await new TreeRelabeler().relabel(dir, LABEL);
    await writeFile(join(dir, 'sub', 'new'), '');

    const report = await new TreeRelabeler().relabel(dir, LABEL);

    expect(report).toEqual({ entries: 8, written: 1 });
    expect(labelOf(join(dir, 'sub', 'new'))).toBe(LABEL);
  });

  it('still checks each entry when only the root carries the label', async () => {
    const setRoot = spawnSync('setfattr', ['-h', '-n', 'security.selinux', '-v', LABEL, dir]);
    expect(setRoot.status).toBe(0);

    const report = await new TreeRelabeler().relabel(dir, LABEL);

    expect(report.written).toBe(6);
    expect(labelOf(join(dir, 'top'))).toBe(LABEL);
  });

  it('names the path it was relabelling when it fails', async () => {
    const error = await new TreeRelabeler().relabel(join(dir, 'missing'), LABEL).catch((e) => e);

    expect(SkiffError.chain(error)[0]).toBe(`relabeling ${join(dir, 'missing')}`);
    expect(SkiffError.codeOf(error)).toBe('Storage');
  });
});
