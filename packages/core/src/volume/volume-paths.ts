import { dirname, join } from 'node:path';

/**
 * VolumePaths names where named volumes live: `<root>/volumes/<name>/_data`, as in Podman, so
 * that a volume's data is found where Podman users look for it.
 */
export class VolumePaths {
  constructor(private readonly root: string) {}

  /** directory holds every volume. */
  directory(): string {
    return join(this.root, 'volumes');
  }

  /** volume is the directory of one volume, removed with it. */
  volume(name: string): string {
    return join(this.directory(), name);
  }

  /** data is what a container mounts: the volume's content. */
  data(name: string): string {
    return join(this.volume(name), '_data');
  }

  /** nameOf returns the volume whose data directory `source` is, or undefined. */
  nameOf(source: string): string | undefined {
    const volume = dirname(source);
    if (source !== join(volume, '_data') || dirname(volume) !== this.directory()) return undefined;
    return volume.slice(this.directory().length + 1);
  }
}
