import 'reflect-metadata';

import { describe, expect, it } from 'vitest';

import { NoLabelProvider } from './no-label-provider.js';

describe('NoLabelProvider', () => {
  const provider = new NoLabelProvider();

  it('is never kernel-enforced', () => {
    expect(provider.kernelEnforced).toBe(false);
  });

  it('returns empty labels for options SELinux would reject, validating nothing', async () => {
    const options = ['bogus', 'level', 'nested', '', 'foo:bar'];

    expect(await provider.allocate({ owner: 'c', options })).toEqual({
      processLabel: '',
      mountLabel: '',
    });
  });

  it('returns empty labels for disable too, with no privileged mount label', async () => {
    expect(await provider.allocate({ owner: 'c', options: ['disable'] })).toEqual({
      processLabel: '',
      mountLabel: '',
    });
  });

  it('accepts relabelling refused paths with a label as a no-op', async () => {
    const label = 'system_u:object_r:container_file_t:s0:c1,c2';

    await expect(provider.relabel({ path: '/', mountLabel: label, shared: false })).resolves.toBe(
      undefined,
    );
    await expect(provider.relabel({ path: '/usr', mountLabel: label, shared: true })).resolves.toBe(
      undefined,
    );
    await expect(provider.relabel({ path: '', mountLabel: 'bad', shared: true })).resolves.toBe(
      undefined,
    );
  });
});
