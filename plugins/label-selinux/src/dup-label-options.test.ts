import { describe, expect, it } from 'vitest';

import { disableLabelOptions, dupLabelOptions } from './dup-label-options.js';

describe('dupLabelOptions', () => {
  it('duplicates a label with a level into four options', () => {
    expect(dupLabelOptions('system_u:system_r:container_t:s0:c1,c2')).toEqual([
      'user:system_u',
      'role:system_r',
      'type:container_t',
      'level:s0:c1,c2',
    ]);
  });

  it('duplicates a label without a level into three options', () => {
    expect(dupLabelOptions('u:r:t')).toEqual(['user:u', 'role:r', 'type:t']);
  });

  it('gives nothing for the empty label', () => {
    expect(dupLabelOptions('')).toEqual([]);
  });

  it('gives nothing when user, role or type is missing', () => {
    expect(dupLabelOptions(':r:t:s0')).toEqual([]);
    expect(dupLabelOptions('u::t:s0')).toEqual([]);
    expect(dupLabelOptions('u:r::s0')).toEqual([]);
  });

  it('rejects a label that does not parse', () => {
    expect(() => dupLabelOptions('u:r')).toThrow('Invalid Label');
  });
});

describe('disableLabelOptions', () => {
  it('is the single option disable', () => {
    expect(disableLabelOptions()).toEqual(['disable']);
  });
});
