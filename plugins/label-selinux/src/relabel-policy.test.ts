import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { RelabelPolicy } from './relabel-policy.js';

describe('RelabelPolicy.check', () => {
  const policy = new RelabelPolicy();

  it('returns an allowed path unchanged', () => {
    expect(policy.check('/srv/data')).toBe('/srv/data');
  });

  it('strips one trailing slash', () => {
    expect(policy.check('/srv/data/')).toBe('/srv/data');
  });

  it.each(['/usr/share', '/var/lib/foo', '/etc/containers', '/home/user/vol', '/tmp/x'])(
    'allows the sub-path %s',
    (path) => {
      expect(policy.check(path)).toBe(path);
    },
  );

  it.each(['/usr//', '/usr/.', '/var/../usr', 'usr', '/USR'])(
    'allows the un-normalised or differently spelt %s, matching exact strings only',
    (path) => {
      expect(() => policy.check(path)).not.toThrow();
    },
  );

  it('refuses / with its own name, without stripping its slash', () => {
    expect(() => policy.check('/')).toThrow('SELinux relabeling of / is not allowed');
  });

  it('refuses /var/log/ naming /var/log', () => {
    expect(() => policy.check('/var/log/')).toThrow(
      'SELinux relabeling of /var/log is not allowed',
    );
  });

  it('passes the empty path, whose error comes later in a relabel', () => {
    expect(policy.check('')).toBe('');
  });

  it('refuses the home directories it was given', () => {
    const homes = new RelabelPolicy({ home: '/srv/me', sudoHome: '/srv/them' });

    expect(() => homes.check('/srv/me/')).toThrow('SELinux relabeling of /srv/me is not allowed');
    expect(() => homes.check('/srv/them')).toThrow(
      'SELinux relabeling of /srv/them is not allowed',
    );
  });
});

describe('RelabelPolicy.fromEnvironment', () => {
  let dir: string;
  let passwd: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skiff-passwd-'));
    passwd = join(dir, 'passwd');
    await writeFile(
      passwd,
      'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice:/srv/alice:/bin/sh\n',
    );
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses $HOME', async () => {
    const policy = await RelabelPolicy.fromEnvironment({ HOME: '/srv/engine' }, passwd);

    expect(() => policy.check('/srv/engine')).toThrow('not allowed');
  });

  it('refuses the home directory of $SUDO_USER found in the passwd file', async () => {
    const policy = await RelabelPolicy.fromEnvironment({ SUDO_USER: 'alice' }, passwd);

    expect(() => policy.check('/srv/alice')).toThrow(
      'SELinux relabeling of /srv/alice is not allowed',
    );
  });

  it('adds nothing for an unknown $SUDO_USER or an unreadable passwd file', async () => {
    const unknown = await RelabelPolicy.fromEnvironment({ SUDO_USER: 'bob' }, passwd);
    const unreadable = await RelabelPolicy.fromEnvironment(
      { SUDO_USER: 'alice' },
      join(dir, 'missing'),
    );

    expect(unknown.check('/srv/alice')).toBe('/srv/alice');
    expect(unreadable.check('/srv/alice')).toBe('/srv/alice');
  });

  it('adds nothing for an empty $HOME', async () => {
    const policy = await RelabelPolicy.fromEnvironment({ HOME: '' }, passwd);

    expect(policy.check('/srv/x')).toBe('/srv/x');
  });
});
