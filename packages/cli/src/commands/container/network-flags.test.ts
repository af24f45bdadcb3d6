import { describe, expect, it } from 'vitest';

import { networkFlag } from './network-flags.js';

describe('networkFlag', () => {
  it('passes on a single value, or none', () => {
    expect(networkFlag([])).toBeUndefined();
    expect(networkFlag(['host'])).toBe('host');
  });

  it('refuses a repeated --network unless the first names a bridge network, as Podman', () => {
    const words = (mode: string) =>
      `cannot set multiple networks without bridge network mode, selected mode ${mode}: invalid argument`;
    expect(() => networkFlag(['none', 'host'])).toThrow(words('none'));
    expect(() => networkFlag(['host', 'none'])).toThrow(words('host'));
    expect(() => networkFlag(['private', 'web'])).toThrow(words('private'));
    expect(() => networkFlag(['slirp4netns:port_handler=slirp4netns', 'web'])).toThrow(
      words('slirp4netns'),
    );
    expect(() => networkFlag(['ns:/run/netns/a', 'web'])).toThrow(words('path'));
    expect(networkFlag(['web', 'db'])).toBe('web');
  });
});
