import { chmodSync, chownSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { checkMappedRootAccess } from './mapped-root-access.js';

const asRoot = process.geteuid?.() === 0;
const MAPPED = {
  uidMappings: [{ containerID: 0, hostID: 100000, size: 65536 }],
  gidMappings: [{ containerID: 0, hostID: 100000, size: 65536 }],
};

function tree(mode: number): { top: string; rootfs: string } {
  const top = mkdtempSync(join(tmpdir(), 'mapped-access-'));
  const rootfs = join(top, 'containers/c1/merged');
  mkdirSync(rootfs, { recursive: true });
  chmodSync(join(top, 'containers'), 0o711);
  chmodSync(join(top, 'containers/c1'), 0o711);
  chmodSync(top, mode);
  return { top, rootfs };
}

describe.skipIf(!asRoot)('checkMappedRootAccess', () => {
  it('passes when others may search every directory above the root file system', () => {
    const { rootfs } = tree(0o711);

    expect(() => checkMappedRootAccess(rootfs, MAPPED)).not.toThrow();
  });

  it('names the directory the mapped root cannot pass, and how to open it', () => {
    const { top, rootfs } = tree(0o700);

    expect(() => checkMappedRootAccess(rootfs, MAPPED)).toThrow(
      `the container's root user (uid 100000) cannot reach its root file system: ${top} is ` +
        `mode 0700, owned by 0:0; let others pass with chmod o+x ${top}`,
    );
  });

  it('passes a directory the mapped root owns, or whose owner the mappings include', () => {
    const owned = tree(0o700);
    chownSync(owned.top, 100000, 100000);
    const includingRoot = {
      uidMappings: [{ containerID: 0, hostID: 0, size: 65536 }],
      gidMappings: [{ containerID: 0, hostID: 0, size: 65536 }],
    };

    expect(() => checkMappedRootAccess(owned.rootfs, MAPPED)).not.toThrow();
    expect(() => checkMappedRootAccess(tree(0o700).rootfs, includingRoot)).not.toThrow();
  });
});
