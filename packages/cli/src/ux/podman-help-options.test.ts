import { describe, expect, it } from 'vitest';

import * as Flags from '@oclif/core/flags';

import { helpOptions, renderOptions } from './podman-help-options.js';

// The expected texts are what podman 4.3.1 prints for the same flags.
describe('renderOptions', () => {
  it('pads names and types to the widest and starts descriptions three spaces after', () => {
    const text = renderOptions([
      { name: 'all', char: 'a', description: 'Remove all images' },
      { name: 'force', char: 'f', description: 'Force Removal of the image' },
      { name: 'no-prune', description: 'Do not remove dangling images' },
    ]);

    expect(text).toBe(
      [
        '  -a, --all        Remove all images',
        '  -f, --force      Force Removal of the image',
        '      --no-prune   Do not remove dangling images',
      ].join('\n'),
    );
  });

  it('aligns continuation lines under the description and shows defaults after it', () => {
    const text = renderOptions([
      {
        name: 'filter',
        char: 'f',
        type: 'strings',
        description: 'Filter output based on conditions given',
      },
      {
        name: 'last',
        char: 'n',
        type: 'int',
        description: 'Print the n last created containers (all states)',
        default: '-1',
      },
      {
        name: 'latest',
        char: 'l',
        description:
          'Act on the latest container podman is aware of\nNot supported with the "--remote" flag',
      },
    ]);

    expect(text).toBe(
      [
        '  -f, --filter strings   Filter output based on conditions given',
        '  -n, --last int         Print the n last created containers (all states) (default -1)',
        '  -l, --latest           Act on the latest container podman is aware of',
        '                         Not supported with the "--remote" flag',
      ].join('\n'),
    );
  });

  it('keeps the padding of a flag without a description, except at the end', () => {
    const text = renderOptions([
      { name: 'help', description: '' },
      { name: 'hostname', char: 'h', type: 'string', description: 'Set container hostname' },
      { name: 'zz', description: '' },
    ]);

    expect(text.split('\n')).toEqual([
      `${'      --help'.padEnd(23)}   `,
      '  -h, --hostname string   Set container hostname',
      '      --zz',
    ]);
  });
});

describe('helpOptions', () => {
  it("calls an integer flag's value int, unquoted, unless its helpValue says otherwise", () => {
    const options = helpOptions({
      last: Flags.integer({ char: 'n', description: 'Last', default: -1 }),
      time: Flags.integer({ description: 'Time', helpValue: 'uint' }),
      name: Flags.string({ description: 'Name', default: 'x' }),
    });

    expect(options.map((o) => [o.name, o.type, o.default])).toEqual([
      ['last', 'int', '-1'],
      ['name', 'string', '"x"'],
      ['time', 'uint', undefined],
    ]);
  });

  it('sorts by name, leaves hidden flags out and names each value type as cobra does', () => {
    const options = helpOptions({
      tail: { type: 'option', description: 'Lines', helpValue: 'int', default: '-1' },
      all: { type: 'boolean', char: 'a', description: 'All' },
      env: {
        type: 'option',
        char: 'e',
        description: 'Env',
        multiple: true,
        helpValue: 'stringArray',
      },
      label: { type: 'option', description: 'Labels', multiple: true, defaultHelp: [] },
      format: { type: 'option', description: 'Format', defaultHelp: 'json' },
      secret: { type: 'option', description: 'Hidden', hidden: true },
      proxy: { type: 'boolean', description: 'Proxy', default: true },
      off: { type: 'boolean', description: 'Off', default: false },
      time: { type: 'option', description: 'Time', helpValue: 'uint', defaultHelp: 10 },
      keys: { type: 'option', description: 'Keys', helpValue: '[a-Z]', default: 'ctrl-p,ctrl-q' },
    });

    expect(options.map((o) => [o.name, o.type, o.default])).toEqual([
      ['all', undefined, undefined],
      ['env', 'stringArray', undefined],
      ['format', 'string', '"json"'],
      ['keys', '[a-Z]', '"ctrl-p,ctrl-q"'],
      ['label', 'strings', '[]'],
      ['off', undefined, undefined],
      ['proxy', undefined, 'true'],
      ['tail', 'int', '-1'],
      ['time', 'uint', '10'],
    ]);
  });
});
