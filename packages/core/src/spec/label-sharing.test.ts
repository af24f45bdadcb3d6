import { describe, expect, it } from 'vitest';

import { sharingLabelOptions } from './label-sharing.js';

describe('sharingLabelOptions', () => {
  it('copies user, role, type and a level with colons of its own', () => {
    expect(sharingLabelOptions('system_u:system_r:container_t:s0:c1,c2')).toEqual([
      'user:system_u',
      'role:system_r',
      'type:container_t',
      'level:s0:c1,c2',
    ]);
  });

  it('leaves the level out when the label has none', () => {
    expect(sharingLabelOptions('u:r:t')).toEqual(['user:u', 'role:r', 'type:t']);
  });

  it('gives nothing for an empty label or one missing a field', () => {
    expect(sharingLabelOptions('')).toEqual([]);
    expect(sharingLabelOptions('u:r')).toEqual([]);
    expect(sharingLabelOptions('u::t:s0')).toEqual([]);
  });
});
