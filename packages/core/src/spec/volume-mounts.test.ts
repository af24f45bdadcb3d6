import { describe, expect, it } from 'vitest';

import { createOptions } from '../testing/create-options.js';
import { mountPoint, parseUserMounts } from './volume-mounts.js';

describe('parseUserMounts', () => {
  it('reads --mount, then -v, then --tmpfs', () => {
    const mounts = parseUserMounts(
      createOptions({
        volumes: ['/s:/v'],
        mounts: ['type=bind,src=/s,dst=/m'],
        tmpfs: ['/t'],
      }),
    );

    expect(mounts.map((m) => m.destination)).toEqual(['/m', '/v', '/t']);
  });

  it('accepts the same -v or --tmpfs twice, and a --mount spelling the same tmpfs', () => {
    const options = createOptions({
      volumes: ['/s:/d:ro', '/s:/d:ro'],
      tmpfs: ['/t', '/t'],
      mounts: ['type=tmpfs,dst=/t'],
    });

    expect(parseUserMounts(options).map((m) => m.destination)).toEqual(['/t', '/d']);
  });

  it.each([
    [{ volumes: ['/a:/d', '/b:/d'] }, '/d: duplicate mount destination'],
    [{ volumes: ['/a:/d'], tmpfs: ['/d'] }, '/d: duplicate mount destination'],
    [{ volumes: ['/a:/d:Z', '/a:/d:z'] }, '/d: duplicate mount destination'],
    [{ mounts: ['type=tmpfs,dst=/d', 'type=tmpfs,dst=/d'] }, '/d: duplicate mount destination'],
    [{ volumes: ['/a:/x', '/a:/x/'] }, '"/x": duplicate mount destination'],
  ])('refuses two different mounts at one destination (%j)', (fields, message) => {
    expect(() => parseUserMounts(createOptions(fields))).toThrow(message);
  });
});

describe('mountPoint', () => {
  it('cleans a destination as the kernel would read it', () => {
    expect(mountPoint('/x//y/../z/')).toBe('/x/z');
    expect(mountPoint('/')).toBe('/');
  });
});
