import type { VolumeRecord } from '../state/volume-store.js';
import type { VolumePaths } from './volume-paths.js';

/**
 * inspectVolume renders a volume as `podman volume inspect` 4.3.1 does: the same keys in the
 * same order, the ones Podman omits when empty left out likewise.
 */
export function inspectVolume(volume: VolumeRecord, paths: VolumePaths): Record<string, unknown> {
  const report: Record<string, unknown> = {
    Name: volume.name,
    Driver: volume.driver,
    Mountpoint: paths.data(volume.name),
    CreatedAt: goTime(volume.created),
    Labels: volume.labels,
    Scope: 'local',
    Options: volume.options,
  };
  if (volume.anonymous) report.Anonymous = true;
  report.MountCount = 0;
  if (volume.needsCopyUp) report.NeedsCopyUp = true;
  if (volume.needsChown) report.NeedsChown = true;
  return report;
}

// Go prints RFC 3339 times with the fraction's trailing zeros dropped, and no fraction at all
// when it is zero; JavaScript always prints three digits.
function goTime(iso: string): string {
  return iso.replace(/\.(\d*?)0*Z$/, (_, digits: string) => (digits ? `.${digits}Z` : 'Z'));
}
