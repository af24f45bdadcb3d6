import type { ImageRecord, ImportReport, LayerReport, OciImageConfig } from '@skiff/contracts';
import { InvalidArgument, NoSuchImage } from '@skiff/contracts';

import type { Database } from './database.js';

interface ImageRow {
  id: string;
  digest: string;
  created: string;
  size: number;
  layers: string;
  config: string;
}

/**
 * ImageStore keeps image records and their names. A name belongs to one image at a time:
 * giving it to a new image takes it from the old one, as `podman import`/`tag` do.
 */
export class ImageStore {
  constructor(private readonly db: Database) {}

  /** save records an image (or refreshes it) and moves `names` to it. */
  save(image: Omit<ImageRecord, 'names'>, names: readonly string[]): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO images (id, digest, created, size, layers, config)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
        )
        .run(
          image.id,
          image.digest,
          image.created,
          image.size,
          JSON.stringify(image.layers),
          JSON.stringify(image.config),
        );
      const setName = this.db.prepare(
        'INSERT INTO image_names (name, image_id) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET image_id = excluded.image_id',
      );
      for (const name of names) setName.run(name, image.id);
    })();
  }

  /**
   * saveReport records what a provider stored (an import, pull or load) under `names`, and
   * returns the image as it is now recorded; an image without a creation date is new now.
   */
  saveReport(report: ImportReport, names: readonly string[]): ImageRecord {
    const { id, digest, size, layers, config } = report;
    const created = config.created ?? new Date().toISOString();
    this.save({ id, digest, created, size, layers, config }, names);
    return this.get(id);
  }

  /** list returns every image, newest first, or with `stored` in the order they were stored. */
  list(order: 'created' | 'stored' = 'created'): ImageRecord[] {
    const by = order === 'stored' ? 'rowid' : 'created DESC';
    const rows = this.db.prepare(`SELECT * FROM images ORDER BY ${by}`).all() as ImageRow[];
    const names = this.namesById();
    return rows.map((row) => toRecord(row, names.get(row.id) ?? []));
  }

  get(id: string): ImageRecord {
    const row = this.db.prepare('SELECT * FROM images WHERE id = ?').get(id) as ImageRow;
    if (!row) throw new NoSuchImage(id);
    return toRecord(row, this.namesById().get(id) ?? []);
  }

  /**
   * lookup finds an image by full name, by a name whose repository ends with what was typed
   * (`bb` finds `localhost/bb:latest`), or by a unique id prefix. `candidates` are the full
   * names the typed reference may stand for, most specific first.
   */
  lookup(typed: string, candidates: readonly string[]): ImageRecord | undefined {
    for (const name of candidates) {
      const row = this.db.prepare('SELECT image_id FROM image_names WHERE name = ?').get(name);
      if (row) return this.get((row as { image_id: string }).image_id);
    }
    return this.byIdPrefix(typed.replace(/^sha256:/, ''));
  }

  /** namesEndingWith returns stored names whose path ends with `/suffix` (short-name lookup). */
  namesEndingWith(suffix: string): string[] {
    const rows = this.db
      .prepare("SELECT name FROM image_names WHERE name LIKE '%/' || ? ORDER BY name")
      .all(suffix) as { name: string }[];
    return rows.map((row) => row.name).filter((name) => name.endsWith(`/${suffix}`));
  }

  removeName(name: string): void {
    this.db.prepare('DELETE FROM image_names WHERE name = ?').run(name);
  }

  /** delete removes an image record and returns layers that no remaining image uses. */
  delete(id: string): string[] {
    const image = this.get(id);
    this.db.prepare('DELETE FROM images WHERE id = ?').run(id);
    const inUse = new Set(this.list().flatMap((other) => other.layers.map((l) => l.diffId)));
    return image.layers.map((layer) => layer.diffId).filter((diffId) => !inUse.has(diffId));
  }

  private byIdPrefix(prefix: string): ImageRecord | undefined {
    if (!/^[0-9a-f]{3,64}$/.test(prefix)) return undefined;
    const rows = this.db
      .prepare("SELECT id FROM images WHERE id LIKE ? || '%' LIMIT 2")
      .all(prefix) as { id: string }[];
    if (rows.length > 1) throw new InvalidArgument(`more than one image matches "${prefix}"`);
    return rows[0] ? this.get(rows[0].id) : undefined;
  }

  private namesById(): Map<string, string[]> {
    const map = new Map<string, string[]>();
    const rows = this.db.prepare('SELECT name, image_id FROM image_names ORDER BY name').all();
    for (const row of rows as { name: string; image_id: string }[]) {
      map.set(row.image_id, [...(map.get(row.image_id) ?? []), row.name]);
    }
    return map;
  }
}

function toRecord(row: ImageRow, names: string[]): ImageRecord {
  return {
    id: row.id,
    names,
    digest: row.digest,
    created: row.created,
    size: row.size,
    layers: JSON.parse(row.layers) as LayerReport[],
    config: JSON.parse(row.config) as OciImageConfig,
  };
}
