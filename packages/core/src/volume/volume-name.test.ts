import { describe, expect, it } from 'vitest';

import { checkVolumeName, newVolumeName } from './volume-name.js';

describe('volume names', () => {
  it('accepts the names Podman accepts and refuses others in its words', () => {
    expect(() => checkVolumeName('web_data-1.0')).not.toThrow();
    expect(() => checkVolumeName('-x')).toThrow(
      'running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument',
    );
  });

  it('generates 64 hex digits', () => {
    expect(newVolumeName()).toMatch(/^[0-9a-f]{64}$/);
    expect(newVolumeName()).not.toBe(newVolumeName());
  });
});
