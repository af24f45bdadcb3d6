import { describe, expect, it } from 'vitest';

import { StorageError } from '@skiff/contracts';

import { overlayMountOptions } from './overlay-driver.js';

const dirs = { upper: '/store/c1/upper', work: '/store/c1/work' };
const label = 'system_u:object_r:container_file_t:s0:c12,c345';

describe('overlay mount options', () => {
  it('stacks the layers topmost first, with no label by default', () => {
    expect(overlayMountOptions(['/l/top', '/l/base'], dirs)).toBe(
      'lowerdir=/l/top:/l/base,upperdir=/store/c1/upper,workdir=/store/c1/work',
    );
  });

  it('gives every file the mount label through a quoted context option', () => {
    expect(overlayMountOptions(['/l/base'], dirs, { mountLabel: label })).toBe(
      'lowerdir=/l/base,upperdir=/store/c1/upper,workdir=/store/c1/work,' +
        'context="system_u:object_r:container_file_t:s0:c12,c345"',
    );
  });

  it('asks for userxattr, as a mount in an unprivileged user namespace must', () => {
    expect(overlayMountOptions(['/l/base'], dirs, { userxattr: true })).toBe(
      'lowerdir=/l/base,upperdir=/store/c1/upper,workdir=/store/c1/work,userxattr',
    );
    expect(overlayMountOptions(['/l/base'], dirs, { userxattr: true, mountLabel: 's0' })).toBe(
      'lowerdir=/l/base,upperdir=/store/c1/upper,workdir=/store/c1/work,userxattr,context="s0"',
    );
  });

  it('refuses a label that would end the quotes early', () => {
    expect(() => overlayMountOptions(['/l/base'], dirs, { mountLabel: 'a"b' })).toThrow(
      StorageError,
    );
  });

  it('refuses a layer path holding an option separator', () => {
    expect(() => overlayMountOptions(['/l/a,b'], dirs)).toThrow(StorageError);
  });
});
