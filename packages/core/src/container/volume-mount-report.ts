import { PROPAGATIONS } from '../spec/volume-option-check.js';
import type { StoredContainer } from '../state/container-store.js';
import { volumeAttachments, type VolumeAttachment } from '../volume/volume-attachments.js';
import type { VolumePaths } from '../volume/volume-paths.js';

/**
 * mountReport is `inspect`'s `Mounts` as Podman 4.3.1 shows them: volumes, then binds (tmpfs
 * mounts are not listed), with config.json's options split into `RW`, `Propagation` and the
 * rest. `Mode` is the z/Z asked for; for a bind it shows only until the container is first
 * started, because Podman reads binds back from config.json, where z/Z never are.
 */
export function mountReport(
  container: StoredContainer,
  paths: VolumePaths,
): Record<string, unknown>[] {
  const attachments = volumeAttachments(container, paths);
  const started = container.state.status !== 'created' || !!container.state.startedAt;
  const volumes = attachments.filter((a) => a.volume !== undefined);
  const binds = attachments.filter((a) => a.mount.type === 'bind');

  return [
    ...volumes.map((a) => ({
      Type: 'volume',
      Name: a.volume,
      ...common(a, 'local', a.mount.relabel ?? ''),
    })),
    ...binds.map((a) => ({
      Type: 'bind',
      ...common(a, '', started ? '' : (a.mount.relabel ?? '')),
    })),
  ];
}

function common(attachment: VolumeAttachment, driver: string, mode: string) {
  const { options } = attachment;
  return {
    Source: attachment.source,
    Destination: attachment.mount.destination,
    Driver: driver,
    Mode: mode,
    Options: options.filter((o) => o !== 'rw' && o !== 'ro' && !PROPAGATIONS.includes(o)),
    RW: !options.includes('ro'),
    Propagation: options.find((o) => PROPAGATIONS.includes(o)) ?? '',
  };
}
