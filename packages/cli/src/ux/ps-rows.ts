import type { ContainerSummary } from '@skiff/core';

import { goTimeString } from './event-line.js';
import { goJson } from './go-json.js';
import { compactSize, humanDuration } from './human.js';
import { renderTable } from './table.js';

/** PsRowOptions are the `ps` flags that change how a row reads. */
export interface PsRowOptions {
  noTrunc: boolean;
  /** The time ages are measured from, in milliseconds. */
  now: number;
}

// Go's zero time.Time as Unix seconds: what Podman prints for a time that never came.
const ZERO_TIME = -62135596800;

/** PsNamespaces is `.Namespaces`: Podman fills it only with `--ns`, which Skiff lacks. */
class PsNamespaces {
  readonly Cgroup = '';
  readonly IPC = '';
  readonly MNT = '';
  readonly NET = '';
  readonly PIDNS = '';
  readonly User = '';
  readonly UTS = '';
}

/**
 * PsReporter is a container as `ps --format` templates see it: Podman's psReporter, whose
 * fields and methods give `.Names` as one string, `.Command` cut to 17 characters, `.State`
 * as the status text and `.Created` as a time.
 */
export class PsReporter {
  readonly AutoRemove: boolean;
  readonly Command: string;
  readonly Created: Date;
  readonly CreatedAt: string;
  readonly CreatedHuman: string;
  readonly Exited: boolean;
  readonly ExitedAt: number;
  readonly ExitCode: number;
  readonly ID: string;
  readonly Image: string;
  readonly ImageID: string;
  readonly IsInfra = false;
  readonly Labels: Record<string, string>;
  readonly Mounts: string[];
  readonly Names: string;
  readonly Namespaces = new PsNamespaces();
  readonly Networks = '';
  readonly Pid: number;
  readonly Pod = '';
  readonly PodName = '';
  readonly Ports = '';
  readonly RunningFor: string;
  readonly Size: string;
  readonly StartedAt: number;
  readonly State: string;
  readonly Status: string;
  // Podman's accessors for `.Namespaces.X`, which it rewrites to `.X`.
  readonly Cgroup = '';
  readonly IPC = '';
  readonly MNT = '';
  readonly NET = '';
  readonly PIDNS = '';
  readonly User = '';
  readonly UTS = '';

  constructor(c: ContainerSummary, options: PsRowOptions) {
    const cut = (id: string) => (options.noTrunc ? id : id.slice(0, 12));
    const command = c.command.join(' ');
    this.AutoRemove = c.autoRemove;
    this.Command = options.noTrunc || command.length <= 17 ? command : `${command.slice(0, 17)}...`;
    this.Created = new Date(c.created);
    this.CreatedAt = goTimeString(c.created);
    this.CreatedHuman = `${humanDuration(options.now - Date.parse(c.created))} ago`;
    this.Exited = hasExited(c);
    this.ExitedAt = unixSeconds(c.status.finishedAt);
    this.ExitCode = c.status.exitCode;
    this.ID = cut(c.id);
    this.Image = c.image;
    this.ImageID = cut(c.imageId);
    this.Labels = c.labels;
    this.Mounts = c.mounts;
    this.Names = c.names[0] ?? '';
    this.Pid = c.status.pid;
    this.RunningFor = this.CreatedHuman;
    this.Size = c.size
      ? `${compactSize(c.size.rwSize)} (virtual ${compactSize(c.size.rootFsSize)})`
      : '';
    this.StartedAt = unixSeconds(c.status.startedAt);
    this.State = statusText(c, options.now);
    this.Status = this.State;
  }
}

// Go names the type in "can't evaluate field" errors; Podman's is containers.psReporter.
Object.defineProperty(PsReporter, 'name', { value: 'containers.psReporter' });

/** PS_HEADERS head `ps --format 'table ...'` columns, as Podman's header map does. */
export const PS_HEADERS: ReadonlyMap<string, string> = new Map([
  ['AutoRemove', 'AUTO REMOVE'],
  ['Command', 'COMMAND'],
  ['Created', 'CREATED'],
  ['CreatedAt', 'CREATED AT'],
  ['Exited', 'EXITED'],
  ['ExitedAt', 'EXITED AT'],
  ['ExitCode', 'EXIT CODE'],
  ['ID', 'CONTAINER ID'],
  ['Image', 'IMAGE'],
  ['ImageID', 'IMAGE ID'],
  ['IsInfra', 'IS INFRA'],
  ['Labels', 'LABELS'],
  ['Mounts', 'MOUNTS'],
  ['Names', 'NAMES'],
  ['Namespaces', 'NAMESPACES'],
  ['Networks', 'NETWORKS'],
  ['Pid', 'PID'],
  ['Pod', 'POD ID'],
  ['PodName', 'PODNAME'],
  ['Ports', 'PORTS'],
  ['Size', 'SIZE'],
  ['StartedAt', 'STARTED AT'],
  ['State', 'STATE'],
  ['Status', 'STATUS'],
  ['Cgroup', 'CGROUPNS'],
  ['CreatedHuman', 'CREATED'],
  ['IPC', 'IPC'],
  ['MNT', 'MNT'],
  ['NET', 'NET'],
  ['PIDNS', 'PIDNS'],
  ['RunningFor', 'RUNNING FOR'],
  ['UTS', 'UTS'],
  ['User', 'USERNS'],
]);

/** PsTableOptions choose the columns and heading of `ps`' default table. */
export interface PsTableOptions {
  size: boolean;
  pod: boolean;
  noHeading: boolean;
}

/**
 * psTable is `ps` without `--format`: Podman's default columns, aligned as its tabwriter
 * aligns them (columns at least 12 wide), then the pod's under `--pod` and SIZE under `--size`.
 */
export function psTable(rows: readonly PsReporter[], options: PsTableOptions): string {
  const pod = options.pod ? ['POD ID', 'PODNAME'] : [];
  const size = options.size ? ['SIZE'] : [];
  const header = ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'];
  const cells = rows.map((row) => [
    ...[row.ID, row.Image, row.Command, row.CreatedHuman, row.Status, row.Ports, row.Names],
    ...(options.pod ? [row.Pod, row.PodName] : []),
    ...(options.size ? [row.Size] : []),
  ]);
  const text = renderTable([...header, ...pod, ...size], cells, { minWidth: 12 });
  return options.noHeading ? text.slice(text.indexOf('\n') + 1) : text;
}

/**
 * statusText is `ps`' STATUS: `Up 2 minutes ago`, `Exited (3) 1 second ago`, or the state's
 * name. As Podman, it measures from the start or exit time cut to whole seconds.
 */
export function statusText(c: ContainerSummary, now: number): string {
  const since = (iso: string | undefined) =>
    humanDuration(now - Math.floor(Date.parse(iso ?? '0001-01-01T00:00:00Z') / 1000) * 1000);
  if (c.status.status === 'running') return `Up ${since(c.status.startedAt)} ago`;
  if (hasExited(c)) return `Exited (${c.status.exitCode}) ${since(c.status.finishedAt)} ago`;
  return c.status.status.charAt(0).toUpperCase() + c.status.status.slice(1);
}

/**
 * psJson is `ps --format json`: Podman's ListContainer fields, in its order, printed with
 * its indent of two and its encoder's quirk of an empty object spread over two lines.
 */
export function psJson(containers: readonly ContainerSummary[], now: number): string {
  const entries = containers.map((c) => psJsonEntry(c, now));
  return `${goJson(entries, 2).replace(/^( *)"Namespaces": \{\}/gm, '$1"Namespaces": {\n$1  \n$1}')}\n`;
}

function psJsonEntry(c: ContainerSummary, now: number): Record<string, unknown> {
  const status = statusText(c, now);
  return {
    AutoRemove: c.autoRemove,
    Command: c.command,
    CreatedAt: `${humanDuration(now - Date.parse(c.created))} ago`,
    Exited: hasExited(c),
    ExitedAt: unixSeconds(c.status.finishedAt),
    ExitCode: c.status.exitCode,
    Id: c.id,
    Image: c.image,
    ImageID: c.imageId,
    IsInfra: false,
    Labels: Object.keys(c.labels).length > 0 ? c.labels : null,
    Mounts: c.mounts,
    Names: c.names,
    Namespaces: {},
    Networks: [],
    Pid: c.status.pid,
    Pod: '',
    PodName: '',
    Ports: null,
    Size: c.size ? { rootFsSize: c.size.rootFsSize, rwSize: c.size.rwSize } : null,
    StartedAt: unixSeconds(c.status.startedAt),
    State: c.status.status,
    Status: status,
    Created: unixSeconds(c.created),
  };
}

function hasExited(c: ContainerSummary): boolean {
  return c.status.status === 'exited' || c.status.status === 'stopped';
}

function unixSeconds(iso: string | undefined): number {
  return iso ? Math.floor(Date.parse(iso) / 1000) : ZERO_TIME;
}
