import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { assertUnprivileged, imageTarball, ME, RootlessStore } from './rootless-harness';

const IMAGE = 'localhost/rl-busybox';

function firstLine(text: string): string {
  return text.split('\n')[0];
}

describe('rootless set-up mistakes', () => {
  let store: RootlessStore;

  beforeAll(() => {
    assertUnprivileged();
    store = new RootlessStore();
  });

  afterAll(() => store?.destroy());

  it('refuses a user without subordinate ids in one line, and still answers --version', () => {
    const nosub = new RootlessStore('skiff-rl-nosub');
    try {
      const result = nosub.skiff(['images']);

      expect(result.code).toBe(125);
      expect(result.stderr).toBe(
        'Error: no subordinate uids for "skiff-rl-nosub" in /etc/subuid: rootless containers ' +
          'need a range there, e.g. usermod --add-subuids 100000-165535 --add-subgids ' +
          '100000-165535 skiff-rl-nosub\n',
      );
      expect(nosub.pausePid()).toBeUndefined();
      expect(nosub.skiff(['--version']).code).toBe(0);
    } finally {
      nosub.destroy();
    }
  });

  it('says so when newuidmap is not on the PATH', () => {
    const bin = mkdtempSync(join(tmpdir(), 'skiff-rl-path-'));
    for (const tool of ['node', 'nsenter', 'unshare', 'sleep', 'id', 'readlink']) {
      symlinkSync(join('/usr/bin', tool), join(bin, tool));
    }

    const result = store.skiff(['images'], { env: { PATH: bin } });

    expect(result.code).toBe(125);
    expect(firstLine(result.stderr)).toBe(
      'Error: newuidmap not found in $PATH: rootless containers need it to map subordinate ids; ' +
        'install the uidmap package',
    );
    expect(store.pausePid()).toBeUndefined();
  });

  it('says so when newuidmap has lost its set-user-id bit', () => {
    const bin = mkdtempSync(join(tmpdir(), 'skiff-rl-suid-'));
    copyFileSync('/usr/bin/newuidmap', join(bin, 'newuidmap'));

    const result = store.skiff(['images'], { env: { PATH: `${bin}:${process.env.PATH}` } });

    expect(result.code).toBe(125);
    expect(firstLine(result.stderr)).toBe(
      `Error: ${bin}/newuidmap is neither set-user-id root nor given file capabilities, so it ` +
        'cannot map subordinate ids: reinstall the uidmap package',
    );
  });

  it('refuses an XDG_RUNTIME_DIR the user cannot write, or does not own', () => {
    const closed = join(store.dir, 'closed');
    mkdirSync(closed, { mode: 0o500 });

    const unwritable = store.skiff(['ps'], { env: { XDG_RUNTIME_DIR: closed } });
    const foreign = store.skiff(['ps'], { env: { XDG_RUNTIME_DIR: '/' } });

    expect([unwritable.code, unwritable.stderr]).toEqual([
      125,
      `Error: XDG_RUNTIME_DIR directory "${closed}" is not writable by the current user\n`,
    ]);
    expect([foreign.code, foreign.stderr]).toEqual([
      125,
      'Error: XDG_RUNTIME_DIR directory "/" is not owned by the current user\n',
    ]);
    expect(existsSync(join(closed, 'skiff-userns'))).toBe(false);
  });

  it('refuses an image with owners the subordinate range does not cover, keeping nothing', () => {
    const few = new RootlessStore('skiff-rl-few');
    try {
      const tarball = readFileSync(imageTarball(store.dir));
      const result = few.skiff(['import', '-', IMAGE], { input: tarball });

      expect(result.code).toBe(125);
      expect(firstLine(result.stderr)).toMatch(
        /^Error: .*potentially insufficient UIDs or GIDs available in user namespace \(requested 65534:65534 for \/nobody\)/,
      );
      expect(few.ok(['images', '-aq'])).toBe('');
      const left = few.ok(['unshare', 'sh', '-c', `find ${few.root} -name busybox | wc -l`]);
      expect(left.trim()).toBe('0');
    } finally {
      few.destroy();
    }
  });
});

describe("the user's namespace", () => {
  beforeAll(() => assertUnprivileged());

  it('is one for many first commands started at once', async () => {
    const store = new RootlessStore();
    try {
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          store.skiffAsync(['unshare', 'readlink', '/proc/self/ns/user']),
        ),
      );

      expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0]);
      expect(new Set(results.map((r) => r.stdout)).size).toBe(1);
      const pause = store.pausePid()!;
      expect(store.shell(`readlink /proc/${pause}/ns/user`)).toBe(results[0].stdout);
    } finally {
      store.destroy();
    }
  });

  it('is made anew when its pause process is gone, and its pid file is not trusted', () => {
    const store = new RootlessStore();
    try {
      store.ok(['unshare', 'true']);
      const pause = store.pausePid()!;
      store.run('kill', ['-9', String(pause)]);
      store.shell(`while kill -0 ${pause} 2>/dev/null; do sleep 0.05; done`);

      // A namespace's inode number may be reused once it is freed, so the pause pid tells.
      expect(store.ok(['unshare', 'readlink', '/proc/self/ns/user'])).toMatch(/^user:\[\d+\]$/m);
      expect(store.pausePid()).not.toBe(pause);
    } finally {
      store.destroy();
    }
  });
});

describe('two users', () => {
  let mine: RootlessStore;
  let theirs: RootlessStore;

  beforeAll(() => {
    assertUnprivileged();
    mine = new RootlessStore();
    theirs = new RootlessStore('skiff-rl-b');
    const tarball = readFileSync(imageTarball(mine.dir));
    for (const store of [mine, theirs]) store.unscoped(['import', '-', IMAGE], { input: tarball });
  });

  afterAll(() => {
    for (const store of [mine, theirs]) {
      store?.unscoped(['rm', '-af']);
      store?.unscoped(['rmi', '-af']);
      store?.destroy();
    }
  });

  it('live in namespaces of their own, mapped from their own ranges', () => {
    const map = (store: RootlessStore) => store.ok(['unshare', 'cat', '/proc/self/uid_map']);
    const ns = (store: RootlessStore) => store.ok(['unshare', 'readlink', '/proc/self/ns/user']);

    expect(map(mine)).toMatch(/^\s*1\s+200000\s+65536$/m);
    expect(map(theirs)).toMatch(/^\s*1\s+300000\s+65536$/m);
    expect(ns(mine)).not.toBe(ns(theirs));
  });

  it("keep their default stores apart: own containers only, and no reading the other's", () => {
    mine.unscoped(['create', '--name', 'same', IMAGE, 'true']);
    theirs.unscoped(['create', '--name', 'same', IMAGE, 'true']);

    const names = (store: RootlessStore) =>
      store.unscoped(['ps', '-a', '--format', '{{.ID}} {{.Names}}']).stdout.trim().split('\n');
    expect(names(mine)).toHaveLength(1);
    expect(names(theirs)).toHaveLength(1);
    expect(names(mine)[0]).not.toBe(names(theirs)[0]);

    const graphRoot = mine.unscoped(['info', '--format', '{{.Store.GraphRoot}}']).stdout.trim();
    expect(graphRoot).toBe(join(ME.homedir, '.local/share/skiff'));
    // Others may at most pass through (0711), never list or read it.
    expect(statSync(graphRoot).mode & 0o066).toBe(0);
    expect(theirs.run('ls', [graphRoot]).stderr).toContain('Permission denied');
  });
});
