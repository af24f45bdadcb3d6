import { goTimeString } from './event-line.js';
import { goStruct } from './go-struct.js';
import { sortedMap } from './go-view.js';

/** VOLUME_HEADERS head `volume ls --format 'table ...'` columns, as Podman's do. */
export const VOLUME_HEADERS: ReadonlyMap<string, string> = new Map([
  ['Name', 'VOLUME NAME'],
  ['Driver', 'DRIVER'],
  ['Mountpoint', 'MOUNTPOINT'],
  ['CreatedAt', 'CREATED AT'],
  ['Labels', 'LABELS'],
  ['Scope', 'SCOPE'],
  ['Options', 'OPTIONS'],
  ['Status', 'STATUS'],
  ['UID', 'UID'],
  ['GID', 'GID'],
  ['Anonymous', 'ANONYMOUS'],
  ['MountCount', 'MOUNT COUNT'],
  ['NeedsCopyUp', 'NEEDS COPY UP'],
  ['NeedsChown', 'NEEDS CHOWN'],
]);

/**
 * volumeListRow is a volume as `volume ls --format` templates see it: Podman's
 * entities.VolumeListReport, whose `.CreatedAt` is a Go time and `.Labels` a map; flags
 * the inspect JSON leaves out when false are false here.
 */
export function volumeListRow(volume: Record<string, unknown>): object {
  const fields = {
    Name: volume.Name,
    Driver: volume.Driver,
    Mountpoint: volume.Mountpoint,
    CreatedAt: goTimeString(String(volume.CreatedAt)),
    Status: sortedMap(volume.Status),
    Labels: sortedMap(volume.Labels),
    Scope: volume.Scope,
    Options: sortedMap(volume.Options),
    UID: 0,
    GID: 0,
    Anonymous: volume.Anonymous === true,
    MountCount: volume.MountCount ?? 0,
    NeedsCopyUp: volume.NeedsCopyUp === true,
    NeedsChown: volume.NeedsChown === true,
  };
  return goStruct('*entities.VolumeListReport', fields, volume);
}
