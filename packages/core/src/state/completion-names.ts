import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { EngineContext } from '../engine-context.js';

/** NameKind is what shell completion can offer names of. */
export type NameKind = 'container' | 'image' | 'volume';

/** CompletionNames are the names of one kind of object, and their short ids where they have one. */
export interface CompletionNames {
  names: string[];
  ids: string[];
}

const QUERIES: Record<NameKind, { names: string; ids?: string }> = {
  container: {
    names: 'SELECT name FROM containers ORDER BY name',
    ids: 'SELECT substr(id, 1, 12) AS name FROM containers ORDER BY id',
  },
  image: {
    names: 'SELECT name FROM image_names ORDER BY name',
    ids: "SELECT substr(replace(id, 'sha256:', ''), 1, 12) AS name FROM images ORDER BY id",
  },
  volume: { names: 'SELECT name FROM volumes ORDER BY name' },
};

/**
 * completionNames reads the names shell completion offers straight from the database, with no
 * provider loaded and no state refreshed: it runs on every press of Tab. A store that does not
 * exist yet has no names, and is not created for asking.
 */
export function completionNames(ctx: EngineContext, kind: NameKind): CompletionNames {
  if (!existsSync(join(ctx.environment.root, 'skiff.db'))) return { names: [], ids: [] };
  const query = QUERIES[kind];
  const column = (sql: string) =>
    (ctx.db.prepare(sql).all() as { name: string }[]).map((row) => row.name);
  return { names: column(query.names), ids: query.ids ? column(query.ids) : [] };
}
