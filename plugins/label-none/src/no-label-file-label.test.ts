import 'reflect-metadata';

import { describe, expect, it } from 'vitest';

import { NoLabelProvider } from './no-label-provider.js';

describe('NoLabelProvider.fileLabel', () => {
  it('reports no label for any path', async () => {
    expect(await new NoLabelProvider().fileLabel('/')).toBe('');
  });
});
