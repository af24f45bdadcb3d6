import { describe, expect, it } from 'vitest';

import { opaqueXattr } from './overlay-marks.js';

describe('opaqueXattr', () => {
  it('marks opaque directories with trusted.overlay.opaque in a root store', () => {
    expect(opaqueXattr(false)).toBe('trusted.overlay.opaque');
  });

  it('marks them with user.overlay.opaque in a rootless store, as userxattr mounts read', () => {
    expect(opaqueXattr(true)).toBe('user.overlay.opaque');
  });
});
