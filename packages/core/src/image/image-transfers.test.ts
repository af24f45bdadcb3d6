import { describe, expect, it } from 'vitest';

import { parseCreds, parsePlatform } from './image-transfers.js';

describe('parsePlatform', () => {
  it('reads os/arch and os/arch/variant', () => {
    expect(parsePlatform('linux/arm64')).toEqual({ os: 'linux', architecture: 'arm64' });
    expect(parsePlatform('linux/arm/v7')).toEqual({
      os: 'linux',
      architecture: 'arm',
      variant: 'v7',
    });
  });

  it.each(['linux', 'linux/', '/amd64', 'linux/arm/v7/extra', ''])(
    'refuses %j with Podman-like wording',
    (text) => {
      expect(() => parsePlatform(text)).toThrow(
        `invalid platform syntax for --platform=${JSON.stringify(text)}`,
      );
    },
  );
});

describe('parseCreds', () => {
  it('splits at the first colon, so a password may hold colons', () => {
    expect(parseCreds('me:pa:ss')).toEqual({ username: 'me', password: 'pa:ss' });
  });

  it('takes a user alone as having an empty password', () => {
    expect(parseCreds('me')).toEqual({ username: 'me', password: '' });
  });

  it('gives nothing without the flag and refuses an empty user', () => {
    expect(parseCreds(undefined)).toBeUndefined();
    expect(() => parseCreds(':secret')).toThrow('username cannot be empty');
  });
});
