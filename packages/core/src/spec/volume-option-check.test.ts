import { describe, expect, it } from 'vitest';

import { checkVolumeOptions } from './volume-option-check.js';

describe('checkVolumeOptions', () => {
  it('accepts one option of each family', () => {
    expect(() =>
      checkVolumeOptions(['ro', 'z', 'nosuid', 'nodev', 'exec', 'rshared', 'rbind', 'nocopy']),
    ).not.toThrow();
  });

  it('quotes the whole list when a family repeats, as Podman does', () => {
    expect(() => checkVolumeOptions(['bind', 'rprivate', 'rslave'])).toThrow(
      `invalid options "bind, rprivate, rslave", can only specify 1 '[r]shared', '[r]private', '[r]slave' or '[r]unbindable' option`,
    );
    expect(() => checkVolumeOptions(['noexec', 'exec'])).toThrow(
      `invalid options "noexec, exec", can only specify 1 'noexec' or 'exec' option`,
    );
  });

  it('reports the first problem reading left to right', () => {
    expect(() => checkVolumeOptions(['size=1m', 'z', 'Z'])).toThrow(
      'invalid option type "size=1m"',
    );
  });
});
