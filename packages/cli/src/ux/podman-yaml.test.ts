import { describe, expect, it } from 'vitest';

import { goYamlKeyOrder, toPodmanYaml } from './podman-yaml.js';

// The expected texts are excerpts of what podman 4.3.1's `podman info` printed for the same data.
describe('toPodmanYaml', () => {
  it('sorts keys, nests maps by two spaces and keeps lists level with their key', () => {
    const yaml = toPodmanYaml({
      store: { runRoot: '/run/x', containerStore: { number: 0, paused: 0 } },
      host: { cgroupControllers: ['cpuset', 'cpu'], arch: 'amd64', cpus: 2 },
    });

    expect(yaml).toBe(
      [
        'host:',
        '  arch: amd64',
        '  cgroupControllers:',
        '  - cpuset',
        '  - cpu',
        '  cpus: 2',
        'store:',
        '  containerStore:',
        '    number: 0',
        '    paused: 0',
        '  runRoot: /run/x',
        '',
      ].join('\n'),
    );
  });

  it('quotes strings that would read as something else, as go-yaml v2 does', () => {
    const yaml = toPodmanYaml({
      version: '12',
      conmon: 'conmon version 2.1.6, commit: unknown',
      empty: '',
      package: '@skiff/plugin-label-none',
      range: '^1.0.0',
      semver: '4.3.1',
      word: 'yes',
      quote: "it's: here",
      caps: 'CAP_CHOWN,CAP_KILL',
    });

    expect(yaml.split('\n')).toEqual([
      'caps: CAP_CHOWN,CAP_KILL',
      "conmon: 'conmon version 2.1.6, commit: unknown'",
      'empty: ""',
      "package: '@skiff/plugin-label-none'",
      "quote: 'it''s: here'",
      'range: ^1.0.0',
      'semver: 4.3.1',
      'version: "12"',
      'word: "yes"',
      '',
    ]);
  });

  it('prints empty maps and lists inline, null as null, and a multi-line string as a block', () => {
    const yaml = toPodmanYaml({
      graphOptions: {},
      idMappings: { gidmap: null, uidmap: null },
      ociRuntime: { version: 'runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1' },
      none: [],
    });

    expect(yaml).toBe(
      [
        'graphOptions: {}',
        'idMappings:',
        '  gidmap: null',
        '  uidmap: null',
        'none: []',
        'ociRuntime:',
        '  version: |-',
        '    runc version 1.1.5+ds1',
        '    commit: 1.1.5+ds1-1+deb12u1',
        '',
      ].join('\n'),
    );
  });

  it('starts a map inside a list on the dash line', () => {
    const yaml = toPodmanYaml({
      Mirrors: [{ Location: 'm2.example.com', Insecure: false, PullFromMirror: '' }],
    });

    expect(yaml).toBe(
      [
        'Mirrors:',
        '- Insecure: false',
        '  Location: m2.example.com',
        '  PullFromMirror: ""',
        '',
      ].join('\n'),
    );
  });
});

describe('goYamlKeyOrder', () => {
  it('orders by character, numbers by value, and non-letters before letters', () => {
    const keys = ['Version', 'OsArch', 'APIVersion', 'Os', 'Built', 'BuiltTime', 'GitCommit'];
    expect(keys.sort(goYamlKeyOrder)).toEqual([
      'APIVersion',
      'Built',
      'BuiltTime',
      'GitCommit',
      'Os',
      'OsArch',
      'Version',
    ]);
    expect(['c10', 'c9', 'c1', 'b'].sort(goYamlKeyOrder)).toEqual(['b', 'c1', 'c9', 'c10']);
    expect(['search', 'example.com/foo', '1.example', 'a_b', 'a-b'].sort(goYamlKeyOrder)).toEqual([
      '1.example',
      'a-b',
      'a_b',
      'example.com/foo',
      'search',
    ]);
  });
});
