import { describe, expect, it } from 'vitest';

import { pluginRow } from './plugin-rows.js';

const ENTRY = {
  role: 'label',
  implementation: 'none',
  configured: 'auto',
  packageName: '@skiff/plugin-label-none',
  packageVersion: '0.1.0',
  apiRange: '^1.2.0',
};

describe('pluginRow', () => {
  it('names the columns as --format templates read them', () => {
    expect(pluginRow({ ...ENTRY, configured: 'configured' })).toEqual({
      Role: 'label',
      Provider: 'none',
      Package: '@skiff/plugin-label-none',
      Version: '0.1.0',
      APIRange: '^1.2.0',
    });
  });

  it('marks a label provider Skiff chose itself', () => {
    expect(pluginRow(ENTRY).Provider).toBe('none (auto)');
    expect(pluginRow({ ...ENTRY, role: 'image' }).Provider).toBe('none');
  });
});
