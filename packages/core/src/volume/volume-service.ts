import { mkdirSync, rmSync } from 'node:fs';

import type { LabelProvider } from '@skiff/contracts';
import { InvalidArgument, NoSuchVolume, SkiffError, VolumeInUse } from '@skiff/contracts';
import createDebug from 'debug';

import type { EngineContext } from '../engine-context.js';
import type { StoredContainer } from '../state/container-store.js';
import { withWriteLock } from '../state/database.js';
import { VolumeStore, type VolumeRecord } from '../state/volume-store.js';
import { volumeAttachments } from './volume-attachments.js';
import { checkVolumeName, newVolumeName } from './volume-name.js';
import { VolumePaths } from './volume-paths.js';

const debug = createDebug('skiff:core:volume');

// The options Podman's local driver knows; `type`, `device` and `o` describe a mount.
const LOCAL_OPTIONS = ['device', 'type', 'o', 'nocopy', 'copy', 'uid', 'gid', 'size', 'inodes'];

/** VolumeCreateOptions are `skiff volume create`'s flags. */
export interface VolumeCreateOptions {
  /** A generated 64-hex-digit name when absent. */
  name?: string;
  driver?: string;
  /** `--label key=value` entries; a bare key has an empty value. */
  labels?: string[];
  /** `--opt key=value` entries for the driver. */
  options?: string[];
}

/**
 * VolumeService owns named volumes: their records, their data directories under
 * `<root>/volumes`, and which containers use them. A new volume's data directory is labelled
 * for sharing between containers (the file label at level `s0`), as Podman labels it.
 */
export class VolumeService {
  readonly paths: VolumePaths;

  constructor(private readonly ctx: EngineContext) {
    this.paths = new VolumePaths(ctx.environment.root);
  }

  private get store(): VolumeStore {
    return new VolumeStore(this.ctx.db);
  }

  /** create makes a volume for `volume create`; throws VolumeExists or InvalidArgument. */
  async create(options: VolumeCreateOptions): Promise<VolumeRecord> {
    const name = options.name ?? newVolumeName();
    checkVolumeName(name);
    checkDriver(name, options.driver ?? 'local');
    const record = newRecord(name, {
      labels: keyValues(options.labels ?? []),
      options: driverOptions(options.options ?? []),
    });

    const labels = await this.ctx.labelProvider();
    await this.materialize(record, labels, await this.sharedLabel(labels, name));
    debug('created volume %s', name);
    return record;
  }

  /**
   * createMissing makes the volumes a new container names that do not exist yet, labelled
   * with the container's mount label. It runs inside the creator's write lock, so the volumes
   * and the container are recorded together or not at all.
   */
  async createMissing(container: StoredContainer): Promise<void> {
    const labels = await this.ctx.labelProvider();
    for (const attachment of volumeAttachments(container, this.paths)) {
      const name = attachment.volume;
      if (name === undefined || this.store.find(name)) continue;

      const anonymous = attachment.mount.source === '';
      await this.materialize(newRecord(name, { anonymous }), labels, container.mountLabel);
      debug('%s: created volume %s', container.id, name);
    }
  }

  list(): VolumeRecord[] {
    return this.store.list();
  }

  get(name: string): VolumeRecord {
    return this.store.get(name);
  }

  /** users are the containers whose config.json mounts the volume's data. */
  users(name: string): StoredContainer[] {
    const data = this.paths.data(name);
    return this.ctx.containers
      .list()
      .filter((c) => c.spec.mounts.some((m) => m.type === 'bind' && m.source === data));
  }

  /**
   * remove deletes a volume and its data. A volume in use is refused, unless `force`, which
   * removes its containers first through `removeContainer`, as `podman volume rm -f` does; a
   * missing one is no error with `force`.
   */
  async remove(
    name: string,
    force: boolean,
    removeContainer: (container: StoredContainer) => Promise<void>,
  ): Promise<boolean> {
    if (!this.store.find(name)) {
      if (force) return false;
      throw new NoSuchVolume(name);
    }
    if (force) for (const container of this.users(name)) await removeContainer(container);

    // The check and the deletion are one step, so that no container can start using the
    // volume in between; a container created just after gets the volume made anew.
    await withWriteLock(this.ctx.db, async () => {
      const users = this.users(name);
      if (users.length > 0)
        throw new VolumeInUse(
          name,
          users.map((c) => c.id),
        );
      this.store.delete(name);
    });
    rmSync(this.paths.volume(name), { recursive: true, force: true });
    debug('removed volume %s', name);
    return true;
  }

  /** prune removes every volume no container uses and returns their names. */
  async prune(): Promise<string[]> {
    const removed: string[] = [];
    for (const volume of this.store.list()) {
      if (this.users(volume.name).length > 0) continue;
      await this.remove(volume.name, false, async () => {});
      removed.push(volume.name);
    }
    return removed;
  }

  /** markUsed records what a container's start did to the volume. */
  markUsed(name: string, done: { copiedUp: boolean; chowned: boolean }): void {
    this.store.markUsed(name, done);
  }

  private async materialize(
    record: VolumeRecord,
    labels: LabelProvider,
    mountLabel: string,
  ): Promise<void> {
    this.store.insert(record);
    const data = this.paths.data(record.name);
    try {
      mkdirSync(this.paths.volume(record.name), { recursive: true, mode: 0o700 });
      mkdirSync(data, { mode: 0o755 });
      if (mountLabel) await labels.relabel({ path: data, mountLabel, shared: true });
    } catch (error) {
      this.store.delete(record.name);
      rmSync(this.paths.volume(record.name), { recursive: true, force: true });
      throw SkiffError.wrap(`creating volume ${record.name}`, error);
    }
  }

  // A volume made on its own has no container to take a label from: the provider's label for
  // a new container is used, as Podman does, and its level given back at once.
  private async sharedLabel(labels: LabelProvider, name: string): Promise<string> {
    const owner = `volume:${name}`;
    try {
      return (await labels.allocate({ owner, options: [] })).mountLabel;
    } finally {
      await labels.release(owner);
    }
  }
}

function newRecord(name: string, fields: Partial<VolumeRecord>): VolumeRecord {
  return {
    name,
    driver: 'local',
    created: new Date().toISOString(),
    labels: {},
    options: {},
    anonymous: false,
    needsCopyUp: true,
    needsChown: true,
    ...fields,
  };
}

function checkDriver(name: string, driver: string): void {
  if (driver === 'local') return;
  throw new InvalidArgument(
    `volume ${name} uses volume plugin ${driver} but it could not be retrieved: ` +
      `no volume plugin with name ${driver} available: required plugin missing`,
  );
}

function keyValues(entries: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    map[eq < 0 ? entry : entry.slice(0, eq)] = eq < 0 ? '' : entry.slice(eq + 1);
  }
  return map;
}

// TODO: `type`, `device`, `o`, `size` and `inodes` should make the volume a mount (a tmpfs, a
// device, a quota) at first use; they are recorded and shown, but the volume stays a directory.
function driverOptions(entries: readonly string[]): Record<string, string> {
  const options = keyValues(entries);
  for (const key of Object.keys(options)) {
    if (!LOCAL_OPTIONS.includes(key.toLowerCase())) {
      throw new InvalidArgument(`invalid mount option ${key} for driver 'local': invalid argument`);
    }
  }
  return options;
}
