import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { addKeepIdAccount, hostAccount } from './keep-id-account.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-keep-id-'));
  mkdirSync(join(dir, 'rootfs', 'etc'), { recursive: true });
  writeFileSync(
    join(dir, 'passwd'),
    'root:x:0:0:root:/root:/bin/sh\nrlx:x:1001:1001:R L:/home/rlx:/bin/bash\n',
  );
  writeFileSync(join(dir, 'group'), 'root:x:0:\nstaff:x:1001:\n');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const files = () => ({ passwd: join(dir, 'passwd'), group: join(dir, 'group') });

describe('hostAccount', () => {
  it("reads the user's name, comment and group name on the host", () => {
    expect(hostAccount(1001, 1001, files())).toEqual({ name: 'rlx', gecos: 'R L', group: 'staff' });
    expect(hostAccount(1001, 4242, files())?.group).toBe('rlx');
    expect(hostAccount(4242, 0, files())).toBeUndefined();
  });
});

describe('addKeepIdAccount', () => {
  const account = { name: 'rlx', gecos: '', group: 'rlx', uid: 1001, gid: 1001, home: '/' };

  it('appends the entries Podman writes, ending an unterminated file first', () => {
    const rootfs = join(dir, 'rootfs');
    writeFileSync(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh');

    addKeepIdAccount(rootfs, account);

    expect(readFileSync(join(rootfs, 'etc', 'passwd'), 'utf8')).toBe(
      'root:x:0:0:root:/root:/bin/sh\nrlx:*:1001:1001::/:/bin/sh\n',
    );
    expect(readFileSync(join(rootfs, 'etc', 'group'), 'utf8')).toBe('rlx:x:1001:rlx\n');
  });

  it('leaves files alone that have entries for the ids already', () => {
    const rootfs = join(dir, 'rootfs');
    writeFileSync(join(rootfs, 'etc', 'passwd'), 'me:x:1001:1001::/home/me:/bin/sh\n');
    writeFileSync(join(rootfs, 'etc', 'group'), 'me:x:1001:\n');

    addKeepIdAccount(rootfs, account);

    expect(readFileSync(join(rootfs, 'etc', 'passwd'), 'utf8')).toBe(
      'me:x:1001:1001::/home/me:/bin/sh\n',
    );
    expect(readFileSync(join(rootfs, 'etc', 'group'), 'utf8')).toBe('me:x:1001:\n');
  });
});
