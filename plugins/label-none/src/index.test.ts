import 'reflect-metadata';

import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';

import { NoLabelProvider, plugin } from './index.js';

describe('label-none plugin descriptor', () => {
  it('offers the none implementation of the label role', () => {
    expect(plugin).toEqual({
      name: 'label-none',
      apiRange: '^1.2.0',
      provides: [{ role: 'label', implementation: 'none', useClass: NoLabelProvider }],
    });
  });

  it('is built by the DI container without any registration', () => {
    const provider = container.createChildContainer().resolve(NoLabelProvider);

    expect(provider.kernelEnforced).toBe(false);
  });
});
