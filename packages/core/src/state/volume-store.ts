import { NoSuchVolume, VolumeExists } from '@skiff/contracts';

import type { Database } from './database.js';

/** VolumeRecord is a named volume as the engine stores it. */
export interface VolumeRecord {
  name: string;
  driver: string;
  created: string;
  labels: Record<string, string>;
  options: Record<string, string>;
  /** Made for a container's `-v /path`, with a generated name. */
  anonymous: boolean;
  /** The image's content at the mount point has yet to be copied in, at first use. */
  needsCopyUp: boolean;
  /** The data directory has yet to be given to the container's user, at first use. */
  needsChown: boolean;
}

interface VolumeRow {
  name: string;
  driver: string;
  created: string;
  labels: string;
  options: string;
  anonymous: number;
  needs_copy_up: number;
  needs_chown: number;
}

/**
 * VolumeStore keeps named volume records. A name is the primary key, so two commands creating
 * the same volume at once cannot both succeed.
 */
export class VolumeStore {
  constructor(private readonly db: Database) {}

  /** insert records a new volume; throws VolumeExists when the name is taken. */
  insert(volume: VolumeRecord): void {
    const result = this.db
      .prepare(
        `INSERT INTO volumes (name, driver, created, labels, options, anonymous, needs_copy_up,
           needs_chown)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO NOTHING`,
      )
      .run(
        volume.name,
        volume.driver,
        volume.created,
        JSON.stringify(volume.labels),
        JSON.stringify(volume.options),
        volume.anonymous ? 1 : 0,
        volume.needsCopyUp ? 1 : 0,
        volume.needsChown ? 1 : 0,
      );
    if (result.changes === 0) throw new VolumeExists(volume.name);
  }

  /** get returns the volume named `name`; throws NoSuchVolume. */
  get(name: string): VolumeRecord {
    const row = this.db.prepare('SELECT * FROM volumes WHERE name = ?').get(name);
    if (!row) throw new NoSuchVolume(name);
    return toRecord(row as VolumeRow);
  }

  /** find returns the volume named `name`, or undefined. */
  find(name: string): VolumeRecord | undefined {
    const row = this.db.prepare('SELECT * FROM volumes WHERE name = ?').get(name);
    return row ? toRecord(row as VolumeRow) : undefined;
  }

  /** list returns every volume, by name. */
  list(): VolumeRecord[] {
    const rows = this.db.prepare('SELECT * FROM volumes ORDER BY name').all();
    return (rows as VolumeRow[]).map(toRecord);
  }

  /** markUsed records that a container's first start copied up and chowned as needed. */
  markUsed(name: string, done: { copiedUp: boolean; chowned: boolean }): void {
    this.db
      .prepare(
        `UPDATE volumes SET needs_copy_up = needs_copy_up AND ?, needs_chown = needs_chown AND ?
         WHERE name = ?`,
      )
      .run(done.copiedUp ? 0 : 1, done.chowned ? 0 : 1, name);
  }

  /** delete drops the record of `name`; throws NoSuchVolume when there is none. */
  delete(name: string): void {
    const result = this.db.prepare('DELETE FROM volumes WHERE name = ?').run(name);
    if (result.changes === 0) throw new NoSuchVolume(name);
  }
}

function toRecord(row: VolumeRow): VolumeRecord {
  return {
    name: row.name,
    driver: row.driver,
    created: row.created,
    labels: JSON.parse(row.labels) as Record<string, string>,
    options: JSON.parse(row.options) as Record<string, string>,
    anonymous: row.anonymous === 1,
    needsCopyUp: row.needs_copy_up === 1,
    needsChown: row.needs_chown === 1,
  };
}
