import type { Command } from '@oclif/core/command';
import { describe, expect, it } from 'vitest';

import { CommandTree } from './command-tree.js';

/** command makes the cached form oclif keeps of a command, as the tree reads it. */
function command(id: string, extra: Record<string, unknown> = {}): Command.Loadable {
  return { id, aliases: [], flags: {}, args: {}, summary: `${id} summary`, ...extra } as never;
}

// oclif lists every alias again as a command of its own; the tree must not count it twice.
function withAliasCopies(commands: Command.Loadable[]): Command.Loadable[] {
  return commands.flatMap((c) => [c, ...c.aliases.map((alias) => ({ ...c, id: alias }))]);
}

const TREE = new CommandTree(
  withAliasCopies([
    command('container:ls', {
      aliases: ['ps', 'container:ps', 'container:list'],
      helpAliases: ['list', 'ls'],
    }),
    command('container:rm', { aliases: ['rm'], hiddenAliases: ['container:delete'] }),
    command('container:logs', { aliases: ['logs'] }),
    command('login'),
    command('completion', { hidden: true }),
  ]),
  [{ name: 'container', description: 'Manage containers' }, { name: 'empty' }],
);

describe('CommandTree', () => {
  it('lists top-level names, groups and help, sorted, without hidden commands', () => {
    expect(TREE.entries().map((e) => e.name)).toEqual([
      'container',
      'help',
      'login',
      'logs',
      'ps',
      'rm',
    ]);
  });

  it("lists a group's commands, one entry for a command's in-group aliases", () => {
    expect(TREE.entries('container').map((e) => e.name)).toEqual(['list', 'logs', 'ps', 'rm']);
  });

  it('finds commands by any name, hidden ones included, and groups by their word', () => {
    expect(TREE.lookup(['ps', '-a'])).toMatchObject({ path: ['ps'], rest: ['-a'] });
    expect(TREE.lookup(['container', 'ls']).command?.id).toBe('container:ls');
    expect(TREE.lookup(['container', 'delete']).command?.id).toBe('container:rm');
    expect(TREE.lookup(['completion']).command?.id).toBe('completion');
    expect(TREE.lookup(['container', 'bogus'])).toMatchObject({
      group: 'container',
      rest: ['bogus'],
    });
    expect(TREE.lookup(['bogus'])).toEqual({ path: [], rest: ['bogus'] });
  });

  it('suggests near names at the top and only prefixes in a group, as Podman does', () => {
    expect(TREE.suggest('bogus')).toEqual(['logs']);
    // Two edits turn `lo` into `ps` too; podman suggests `ps` for `podman lo` as well.
    expect(TREE.suggest('lo')).toEqual(['login', 'logs', 'ps', 'rm']);
    expect(TREE.suggest('lgs', 'container')).toEqual([]);
    expect(TREE.suggest('L', 'container')).toEqual(['list', 'logs']);
  });

  it('knows group summaries, and that a topic without commands is no group', () => {
    expect(TREE.groupSummary('container')).toBe('Manage containers');
    expect(TREE.groupSummary('empty')).toBeUndefined();
  });
});
