import type { Command } from '@oclif/core/command';
import type { NameKind } from '@skiff/core';
import { describe, expect, it } from 'vitest';

import { CommandTree } from '../command-tree.js';
import { Completer } from './completer.js';

const option = (extra: Record<string, unknown> = {}) => ({ type: 'option', ...extra });
const flag = (extra: Record<string, unknown> = {}) => ({ type: 'boolean', ...extra });
const GLOBAL = { root: option({ helpGroup: 'GLOBAL' }) };

function command(id: string, extra: Record<string, unknown>): Command.Loadable {
  return { id, aliases: [], args: {}, ...extra } as never;
}

const TREE = new CommandTree(
  [
    command('container:rm', {
      aliases: ['rm'],
      summary: 'Remove one or more containers',
      usage: '[options] CONTAINER [CONTAINER...]',
      flags: { ...GLOBAL, all: flag({ char: 'a', description: 'Remove all' }), time: option() },
    }),
    command('container:run', {
      aliases: ['run'],
      summary: 'Run a command in a new container',
      usage: '[options] IMAGE [COMMAND [ARG...]]',
      interspersed: false,
      flags: {
        ...GLOBAL,
        env: option({ char: 'e' }),
        pull: option({ options: ['always', 'never'] }),
      },
    }),
    command('container:inspect', {
      aliases: ['inspect'],
      summary: 'Display the configuration',
      usage: '[options] {CONTAINER|IMAGE} [...]',
      flags: GLOBAL,
    }),
    command('image:tag', { aliases: ['tag'], usage: 'IMAGE TARGET_NAME', flags: GLOBAL }),
  ],
  [{ name: 'container', description: 'Manage containers' }],
);

const STORE: Record<NameKind, { names: string[]; ids: string[] }> = {
  container: { names: ['db', 'web'], ids: ['3f2a7c1e9b0d'] },
  image: { names: ['localhost/busybox:latest'], ids: ['9b0d3f2a7c1e'] },
  volume: { names: ['data'], ids: [] },
};

async function complete(...words: string[]) {
  const asked: NameKind[] = [];
  const completer = new Completer(TREE, async (kind) => {
    asked.push(kind);
    return STORE[kind];
  });
  const report = await completer.complete(words);
  return { values: report.candidates.map((c) => c.value), directive: report.directive, asked };
}

describe('Completer', () => {
  it('completes command names and group commands, with their summaries', async () => {
    expect(await complete('ins')).toMatchObject({ values: ['inspect'], directive: 4 });
    expect((await complete('container', 'r')).values).toEqual(['rm', 'run']);
    expect((await complete('help', 'r')).values).toEqual(['rm', 'run']);
    const report = await new Completer(TREE, async () => STORE.volume).complete(['rm']);
    expect(report.candidates).toEqual([
      { value: 'rm', description: 'Remove one or more containers' },
    ]);
  });

  it('offers container names, and ids once something is typed', async () => {
    expect(await complete('rm', '')).toMatchObject({ values: ['db', 'web'], asked: ['container'] });
    expect((await complete('rm', '3f')).values).toEqual(['3f2a7c1e9b0d']);
    expect((await complete('--root', '/x', 'rm', 'db', 'w')).values).toEqual(['web']);
    expect((await complete('inspect', '')).values).toEqual([
      'db',
      'web',
      'localhost/busybox:latest',
    ]);
  });

  it("offers images for run's image, then files for the container's command", async () => {
    expect((await complete('run', '-e', 'A=1', 'local')).values).toEqual([
      'localhost/busybox:latest',
    ]);
    expect(await complete('run', 'localhost/busybox', '')).toMatchObject({
      values: [],
      directive: 0,
    });
    // After the image, flags are the container command's own.
    expect(await complete('run', 'localhost/busybox', '--')).toMatchObject({ directive: 0 });
    expect(await complete('tag', 'img', '')).toMatchObject({ values: [], directive: 4 });
  });

  it("completes a command's own flags, long and short, and the values of flags with options", async () => {
    expect((await complete('rm', '-')).values).toEqual(['--all', '-a', '--time']);
    expect((await complete('rm', '--')).values).toEqual(['--all', '--time']);
    expect((await complete('run', '--pull', '')).values).toEqual(['always', 'never']);
    expect((await complete('run', '--pull=n')).values).toEqual(['--pull=never']);
    expect(await complete('rm', '--time', '')).toMatchObject({ values: [], directive: 0 });
  });

  it('completes global flags and their values before the command', async () => {
    expect((await complete('--log')).values).toEqual(['--log-level']);
    expect((await complete('--log-level', 'de')).values).toEqual(['debug']);
    expect((await complete('--log-level=w')).values).toEqual([
      '--log-level=warn',
      '--log-level=warning',
    ]);
    expect(await complete('--root', '')).toMatchObject({ values: [], directive: 0 });
    expect(await complete('bogus', '')).toMatchObject({ values: [], directive: 4 });
  });
});
