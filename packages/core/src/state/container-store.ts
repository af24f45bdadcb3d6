import type {
  ContainerCreateOptions,
  ContainerRecord,
  ContainerState,
  OciSpec,
  SpecDirective,
} from '@skiff/contracts';
import { InvalidArgument, NameInUse, NoSuchContainer } from '@skiff/contracts';

import type { Database } from './database.js';

interface ContainerRow {
  id: string;
  name: string;
  image_id: string;
  image_name: string;
  created: string;
  runtime: string;
  options: string;
  spec: string;
  provenance: string;
  process_label: string;
  mount_label: string;
  status: ContainerState['status'];
  exit_code: number;
  pid: number;
  started_at: string | null;
  finished_at: string | null;
  monitor_pid: number;
  restart_count: number;
  stopped_by_user: number;
}

/** StoredContainer is a container record together with the config.json made at create. */
export interface StoredContainer extends ContainerRecord {
  spec: OciSpec;
}

/**
 * ContainerStore keeps container records in the engine database and resolves what users type
 * (a full id, a unique id prefix, or a name) to one container, as Podman does.
 */
export class ContainerStore {
  constructor(private readonly db: Database) {}

  insert(container: StoredContainer): void {
    const owner = this.db.prepare('SELECT id FROM containers WHERE name = ?').get(container.name);
    if (owner) throw new NameInUse(container.name, (owner as { id: string }).id);

    this.db
      .prepare(
        `INSERT INTO containers (id, name, image_id, image_name, created, runtime, options, spec,
           provenance, process_label, mount_label, status, exit_code, pid)
         VALUES (@id, @name, @imageId, @imageName, @created, @runtime, @options, @spec,
           @provenance, @processLabel, @mountLabel, @status, 0, 0)`,
      )
      .run({
        ...container,
        options: JSON.stringify(container.options),
        spec: JSON.stringify(container.spec),
        provenance: JSON.stringify(container.provenance),
        status: container.state.status,
      });
  }

  /** resolve finds one container by id, id prefix or name; throws NoSuchContainer. */
  resolve(nameOrId: string): StoredContainer {
    const row = this.find(nameOrId);
    if (!row) throw new NoSuchContainer(nameOrId);
    return toRecord(row);
  }

  /** exists says whether a name, id or unique id prefix names a container. */
  exists(nameOrId: string): boolean {
    try {
      return this.find(nameOrId) !== undefined;
    } catch {
      return false;
    }
  }

  list(): StoredContainer[] {
    const rows = this.db.prepare('SELECT * FROM containers ORDER BY created DESC').all();
    return (rows as ContainerRow[]).map(toRecord);
  }

  updateState(id: string, state: ContainerState): void {
    this.db
      .prepare(
        `UPDATE containers SET status = ?, exit_code = ?, pid = ?, started_at = ?, finished_at = ?,
           monitor_pid = ?, restart_count = ?, stopped_by_user = ?
         WHERE id = ?`,
      )
      .run(
        state.status,
        state.exitCode,
        state.pid,
        state.startedAt ?? null,
        state.finishedAt ?? null,
        state.monitorPid ?? 0,
        state.restartCount ?? 0,
        state.stoppedByUser ? 1 : 0,
        id,
      );
  }

  /** byId returns the container with exactly this id, or undefined. */
  byId(id: string): StoredContainer | undefined {
    const row = this.db.prepare('SELECT * FROM containers WHERE id = ?').get(id);
    return row ? toRecord(row as ContainerRow) : undefined;
  }

  updateProvenance(id: string, provenance: SpecDirective[]): void {
    this.db
      .prepare('UPDATE containers SET provenance = ? WHERE id = ?')
      .run(JSON.stringify(provenance), id);
  }

  /** delete drops the record, keeping an exited container's exit code for `wait`. */
  delete(id: string): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO removed_exit_codes (id, exit_code, removed)
         SELECT id, exit_code, ? FROM containers WHERE id = ? AND status = 'exited'`,
      )
      .run(new Date().toISOString(), id);
    this.db.prepare('DELETE FROM containers WHERE id = ?').run(id);
  }

  /** removedExitCode is the exit code a removed container had, if it had exited. */
  removedExitCode(id: string): number | undefined {
    const row = this.db.prepare('SELECT exit_code FROM removed_exit_codes WHERE id = ?').get(id);
    return (row as { exit_code: number } | undefined)?.exit_code;
  }

  countUsing(imageId: string): string[] {
    const rows = this.db.prepare('SELECT id FROM containers WHERE image_id = ?').all(imageId);
    return (rows as { id: string }[]).map((row) => row.id);
  }

  private find(nameOrId: string): ContainerRow | undefined {
    const exact = this.db
      .prepare('SELECT * FROM containers WHERE id = ? OR name = ?')
      .get(nameOrId, nameOrId) as ContainerRow | undefined;
    if (exact || !/^[0-9a-f]+$/.test(nameOrId)) return exact;

    const matches = this.db
      .prepare("SELECT * FROM containers WHERE id LIKE ? || '%' LIMIT 2")
      .all(nameOrId) as ContainerRow[];
    if (matches.length > 1) {
      throw new InvalidArgument(`more than one result for container "${nameOrId}"`);
    }
    return matches[0];
  }
}

function toRecord(row: ContainerRow): StoredContainer {
  const options = JSON.parse(row.options) as ContainerCreateOptions;
  const spec = JSON.parse(row.spec) as OciSpec;
  return {
    id: row.id,
    name: row.name,
    imageId: row.image_id,
    imageName: row.image_name,
    created: row.created,
    command: spec.process.args,
    options,
    spec,
    processLabel: row.process_label,
    mountLabel: row.mount_label,
    runtime: row.runtime,
    provenance: JSON.parse(row.provenance) as SpecDirective[],
    state: {
      status: row.status,
      exitCode: row.exit_code,
      pid: row.pid,
      startedAt: row.started_at ?? undefined,
      finishedAt: row.finished_at ?? undefined,
      monitorPid: row.monitor_pid,
      restartCount: row.restart_count,
      stoppedByUser: row.stopped_by_user === 1,
    },
  };
}
