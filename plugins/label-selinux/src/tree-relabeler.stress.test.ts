import 'reflect-metadata';

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { HostFacts } from '@skiff/contracts';
import { MemoryLabelReservations } from '@skiff/contracts/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SelinuxLabelProvider } from './selinux-label-provider.js';
import { SelinuxXattr } from './selinux-xattr.js';
import { TreeRelabeler } from './tree-relabeler.js';

const IS_ROOT = process.getuid?.() === 0;
const NO_SELINUX: HostFacts = { selinuxEnabled: false, arch: 'amd64', hardLimits: {} };
const PRIVATE = 'system_u:object_r:container_file_t:s0:c11,c42';
const OUTSIDE = 'system_u:object_r:outside_t:s0';

// 10 x 10 directories of 100 files each: 10,000 files, 110 directories below the root.
const TOP_DIRS = 10;
const SUB_DIRS = 10;
const FILES_PER_DIR = 100;

interface Fixture {
  tree: string;
  outside: string;
  /** Every path inside the tree, the root included. */
  inside: string[];
}

/**
 * labelDump reads the security.selinux value of everything under `root` in one getfattr run,
 * without following links. It is the test's own reader, independent of SelinuxXattr.
 */
function labelDump(root: string): Map<string, string> {
  const args = ['-h', '-R', '--absolute-names', '-e', 'text', '-n', 'security.selinux', root];
  const result = spawnSync('getfattr', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const labels = new Map<string, string>();
  let file: string | undefined;

  for (const line of result.stdout.split('\n')) {
    if (line.startsWith('# file: ')) file = line.slice('# file: '.length);
    const value = /^security\.selinux="(.*)"$/.exec(line);
    if (file !== undefined && value) labels.set(file, value[1]);
  }
  return labels;
}

function setLabel(path: string, label: string): void {
  const result = spawnSync('setfattr', ['-h', '-n', 'security.selinux', '-v', label, path]);
  expect(result.status).toBe(0);
}

// Outside targets: a labelled and an unlabelled file, a labelled directory with a file in it.
function buildOutside(outside: string): { file: string; bare: string; dir: string } {
  const paths = {
    file: join(outside, 'target-file'),
    bare: join(outside, 'bare-file'),
    dir: join(outside, 'target-dir'),
  };
  writeFileSync(paths.file, 'outside');
  writeFileSync(paths.bare, 'outside');
  mkdirSync(paths.dir);
  writeFileSync(join(paths.dir, 'inner'), 'outside');

  setLabel(outside, OUTSIDE);
  setLabel(paths.file, OUTSIDE);
  setLabel(paths.dir, OUTSIDE);
  setLabel(join(paths.dir, 'inner'), OUTSIDE);
  return paths;
}

// Each leaf directory holds its files plus links to an outside file, an outside directory,
// an unlabelled outside file, and nowhere.
function buildTree(tree: string, outside: string): string[] {
  const targets = buildOutside(outside);
  const inside = [tree];

  for (let top = 0; top < TOP_DIRS; top++) {
    const topDir = join(tree, `d${top}`);
    mkdirSync(topDir);
    inside.push(topDir);

    for (let sub = 0; sub < SUB_DIRS; sub++) {
      const leaf = join(topDir, `s${sub}`);
      mkdirSync(leaf);
      inside.push(leaf);
      for (let i = 0; i < FILES_PER_DIR; i++) {
        writeFileSync(join(leaf, `f${i}`), '');
        inside.push(join(leaf, `f${i}`));
      }
      inside.push(...linkOutside(leaf, targets));
    }
  }
  return inside;
}

function linkOutside(leaf: string, targets: { file: string; bare: string; dir: string }): string[] {
  const links: Array<[string, string]> = [
    [targets.file, join(leaf, 'to-file')],
    [targets.bare, join(leaf, 'to-bare')],
    [targets.dir, join(leaf, 'to-dir')],
    [join(leaf, 'missing'), join(leaf, 'dangling')],
  ];
  for (const [target, link] of links) symlinkSync(target, link);
  return links.map(([, link]) => link);
}

describe.skipIf(!IS_ROOT)('relabelling a tree of 10,000 files (needs root)', () => {
  let fixture: Fixture;
  let outsideBefore: Map<string, string>;

  beforeAll(async () => {
    const tree = mkdtempSync(join(tmpdir(), 'skiff-stress-tree-'));
    const outside = mkdtempSync(join(tmpdir(), 'skiff-stress-outside-'));
    fixture = { tree, outside, inside: buildTree(tree, outside) };
    outsideBefore = labelDump(outside);

    const provider = new SelinuxLabelProvider(new MemoryLabelReservations(), NO_SELINUX);
    await provider.relabel({ path: fixture.tree, mountLabel: PRIVATE, shared: false });
  });

  afterAll(() => {
    rmSync(fixture.tree, { recursive: true, force: true });
    rmSync(fixture.outside, { recursive: true, force: true });
  });

  it('labels every entry inside through the provider, links and dangling links included', () => {
    const labels = labelDump(fixture.tree);
    expect(fixture.inside).toHaveLength(1 + TOP_DIRS * (1 + SUB_DIRS * (1 + FILES_PER_DIR + 4)));
    expect([...labels.keys()].sort()).toEqual([...fixture.inside].sort());
    expect(new Set(labels.values())).toEqual(new Set([PRIVATE]));
  });

  it('changes nothing outside the tree that links point to', () => {
    expect(outsideBefore.size).toBe(4);
    expect(labelDump(fixture.outside)).toEqual(outsideBefore);
  });

  it('rewrites only the entries that lost the label when the root already has it', async () => {
    const strays = [
      join(fixture.tree, 'd3', 's7', 'f99'),
      join(fixture.tree, 'd9', 's0', 'to-dir'),
    ];
    for (const stray of strays) setLabel(stray, OUTSIDE);

    const report = await new TreeRelabeler().relabel(fixture.tree, PRIVATE);

    expect(report).toEqual({ entries: fixture.inside.length, written: strays.length });
    for (const stray of strays) expect(labelDump(fixture.tree).get(stray)).toBe(PRIVATE);
    expect(labelDump(fixture.outside)).toEqual(outsideBefore);
  });
});

describe.skipIf(!IS_ROOT)('relabelling a tree whose entries vanish mid-walk (needs root)', () => {
  let tree: string;

  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), 'skiff-vanish-'));
    mkdirSync(join(tree, 'gone-dir'));
    for (const name of ['kept', 'gone-file', join('gone-dir', 'inner')]) {
      writeFileSync(join(tree, name), '');
    }
  });

  afterAll(() => {
    rmSync(tree, { recursive: true, force: true });
  });

  // Removes entries after the walk listed them and before their labels are written, which is
  // the window a container writing to its volume during a relabel opens.
  class VanishingXattr extends SelinuxXattr {
    override async write(paths: readonly Buffer[], label: string): Promise<void> {
      unlinkSync(join(tree, 'gone-file'));
      rmSync(join(tree, 'gone-dir'), { recursive: true });
      return super.write(paths, label);
    }
  }

  it('ignores entries that vanished and labels the rest', async () => {
    const report = await new TreeRelabeler(new VanishingXattr()).relabel(tree, PRIVATE);

    expect(report.entries).toBe(5);
    expect(labelDump(tree)).toEqual(
      new Map([
        [join(tree, 'kept'), PRIVATE],
        [tree, PRIVATE],
      ]),
    );
  });
});
