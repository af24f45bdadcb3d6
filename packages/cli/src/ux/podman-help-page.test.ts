import { describe, expect, it } from 'vitest';

import { renderHelpPage } from './podman-help-page.js';

describe('renderHelpPage', () => {
  it("lays out a command's sections in Podman's order, indented by two, ending in a blank line", () => {
    const text = renderHelpPage({
      summary: 'List containers',
      description: 'Prints out information about the containers\n\nSecond paragraph',
      usage: 'skiff container list [options]',
      aliases: ['list', 'ls'],
      examples: ['skiff container list -a', 'skiff container list -q'],
      options: [{ name: 'all', char: 'a', description: 'Show all the containers' }],
    });

    expect(text).toBe(
      [
        'List containers',
        '',
        'Description:',
        '  Prints out information about the containers',
        '',
        '  Second paragraph',
        '',
        'Usage:',
        '  skiff container list [options]',
        '',
        'Aliases:',
        '  list, ls',
        '',
        'Examples:',
        '  skiff container list -a',
        '  skiff container list -q',
        '',
        'Options:',
        '  -a, --all   Show all the containers',
        '',
        '',
      ].join('\n'),
    );
  });

  it('leaves out empty sections', () => {
    const text = renderHelpPage({
      summary: 'Add an additional name to a local image',
      description: 'Adds one or more additional names to locally-stored image.',
      usage: 'skiff tag IMAGE TARGET_NAME [TARGET_NAME...]',
      aliases: [],
      examples: [],
      options: [],
    });

    expect(text).not.toMatch(/Aliases:|Examples:|Options:/);
    expect(text.endsWith('[TARGET_NAME...]\n\n')).toBe(true);
  });

  it('pads command names to eleven columns, or to the longest, and ends the root page once', () => {
    const text = renderHelpPage({
      summary: 'Manage containers, images and volumes',
      usage: 'skiff [options] [command]',
      commands: [
        { name: 'ps', summary: 'List containers' },
        { name: 'auto-update', summary: 'Auto update' },
      ],
      root: true,
    });

    expect(text).toContain('  ps          List containers\n  auto-update Auto update\n');
    expect(text.endsWith('Auto update\n')).toBe(true);

    const wide = renderHelpPage({
      usage: 'x',
      commands: [
        { name: 'a-very-long-name', summary: 'S' },
        { name: 'b', summary: 'T' },
      ],
    });
    expect(wide).toContain('  a-very-long-name S\n  b                T\n');
  });
});
