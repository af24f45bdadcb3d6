import { describe, expect, it } from 'vitest';

import { networkModeText, parseNetworkMode } from './network-mode.js';

describe('parseNetworkMode', () => {
  it('gives a loopback-only namespace by default, as none does', () => {
    for (const value of [undefined, '', 'private', 'default']) {
      expect(parseNetworkMode(value)).toEqual({ kind: 'none' });
    }
    expect(parseNetworkMode('none')).toEqual({ kind: 'none' });
    expect(parseNetworkMode('host')).toEqual({ kind: 'host' });
  });

  it('refuses the network modes Skiff cannot set up, saying so', () => {
    for (const mode of ['bridge', 'slirp4netns', 'pasta', 'bridge:ip=10.0.0.2']) {
      const name = mode.split(':')[0];
      expect(() => parseNetworkMode(mode)).toThrow(
        `network mode ${name} is not supported yet: skiff supports only --network none and --network host`,
      );
    }
  });

  it('refuses a network name, and options given to one', () => {
    expect(() => parseNetworkMode('web')).toThrow(
      'cannot join network web: networks are not supported yet',
    );
    expect(() => parseNetworkMode('host:foo')).toThrow('cannot join network host:');
    expect(() => parseNetworkMode(':ip=1.2.3.4')).toThrow(
      'network name cannot be empty: invalid argument',
    );
  });

  it('refuses joining a namespace, in Podman words when nothing is named', () => {
    expect(() => parseNetworkMode('ns:')).toThrow(
      'invalid config provided: namespace mode path requires a value',
    );
    expect(() => parseNetworkMode('container:')).toThrow(
      'invalid config provided: namespace mode container requires a value',
    );
    expect(() => parseNetworkMode('ns:/run/netns/a')).toThrow(
      'joining a network namespace path is not supported yet',
    );
    expect(() => parseNetworkMode('container:web')).toThrow(
      "joining another container's network is not supported yet",
    );
  });
});

describe('networkModeText', () => {
  it('shows the default as none, as the container has only loopback', () => {
    expect(networkModeText(undefined)).toBe('none');
    expect(networkModeText('none')).toBe('none');
    expect(networkModeText('host')).toBe('host');
  });
});
