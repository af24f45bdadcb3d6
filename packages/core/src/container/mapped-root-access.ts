import { statSync } from 'node:fs';
import { dirname } from 'node:path';

import type { IdMappings, OciIdMapping } from '@skiff/contracts';
import { StorageError } from '@skiff/contracts';

import { hostIdOf } from '../spec/id-mappings.js';

/**
 * checkMappedRootAccess makes sure that the root user of a container with id mappings of its
 * own can pass through every directory above its root file system: runc mounts that file
 * system as that user, and would fail with a bare "permission denied". A directory passes when
 * the user owns it, shares its group, may search it as anyone, or has the directory's owner and
 * group mapped (its capabilities then apply there).
 */
export function checkMappedRootAccess(rootfs: string, mappings: IdMappings): void {
  const uid = hostIdOf(mappings.uidMappings, 0);
  const gid = hostIdOf(mappings.gidMappings, 0);
  if (uid === undefined || gid === undefined) return;

  for (let dir = dirname(rootfs); ; dir = dirname(dir)) {
    const stats = statSync(dir);
    if (!passable(stats, uid, gid, mappings)) {
      const mode = (stats.mode & 0o7777).toString(8).padStart(4, '0');
      throw new StorageError(
        `the container's root user (uid ${uid}) cannot reach its root file system: ${dir} ` +
          `is mode ${mode}, owned by ${stats.uid}:${stats.gid}; let others pass with chmod o+x ${dir}`,
      );
    }
    if (dir === '/') return;
  }
}

function passable(
  stats: { uid: number; gid: number; mode: number },
  uid: number,
  gid: number,
  mappings: IdMappings,
): boolean {
  if (stats.uid === uid) return (stats.mode & 0o100) !== 0;
  if (stats.gid === gid && (stats.mode & 0o010) !== 0) return true;
  if ((stats.mode & 0o001) !== 0) return true;
  return (
    hostIdMapped(mappings.uidMappings, stats.uid) && hostIdMapped(mappings.gidMappings, stats.gid)
  );
}

function hostIdMapped(mappings: readonly OciIdMapping[], hostId: number): boolean {
  return mappings.some((m) => hostId >= m.hostID && hostId < m.hostID + m.size);
}
