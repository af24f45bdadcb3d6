import { describe, expect, it } from 'vitest';

import { ROOTLESS_GID_ENV, ROOTLESS_UID_ENV, rootlessIdentity } from './rootless-identity.js';

describe('rootlessIdentity', () => {
  it('takes the user from the namespace marker, which a process inside carries', () => {
    const env = { [ROOTLESS_UID_ENV]: '1001', [ROOTLESS_GID_ENV]: '1002' };

    expect(rootlessIdentity(env)).toEqual({
      rootless: true,
      inNamespace: true,
      uid: 1001,
      gid: 1002,
    });
  });

  it('falls back to the uid for the gid when only the uid is marked', () => {
    expect(rootlessIdentity({ [ROOTLESS_UID_ENV]: '1001' })).toMatchObject({ gid: 1001 });
  });

  it("uses the process's own ids when there is no marker, or a malformed one", () => {
    const own = { uid: process.geteuid!(), gid: process.getegid!() };

    for (const env of [{}, { [ROOTLESS_UID_ENV]: '10x' }, { [ROOTLESS_UID_ENV]: '' }]) {
      expect(rootlessIdentity(env)).toEqual({
        rootless: own.uid !== 0,
        inNamespace: false,
        ...own,
      });
    }
  });
});
