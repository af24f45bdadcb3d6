import type {
  ContainerUsage,
  DiskUsageReport,
  DiskUsageSummary,
  ImageUsage,
  VolumeUsage,
} from '@skiff/core';

import { humanDuration, preciseSize } from './human.js';
import { renderTable } from './table.js';

// Podman lays these tables out with tabwriter's minimum cell width of 12.
const LAYOUT = { minWidth: 12 };

/** renderDiskUsage renders `system df`: totals by type, as Podman's table shows them. */
export function renderDiskUsage(summary: readonly DiskUsageSummary[]): string {
  const header = ['TYPE', 'TOTAL', 'ACTIVE', 'SIZE', 'RECLAIMABLE'];
  const rows = summary.map((row) => [
    row.type,
    String(row.total),
    String(row.active),
    preciseSize(row.size),
    reclaimable(row),
  ]);
  return renderTable(header, rows, LAYOUT);
}

/** reclaimable renders what a prune could free with its share of the total ("1.5MB (34%)"). */
export function reclaimable(row: DiskUsageSummary): string {
  const percent = row.size > 0 ? Math.round((row.reclaimable / row.size) * 100) : 0;
  return `${preciseSize(row.reclaimable)} (${percent}%)`;
}

/** diskUsageJson is `system df --format json`: the totals, sizes in bytes, as one array. */
export function diskUsageJson(summary: readonly DiskUsageSummary[]): string {
  const rows = summary.map((row) => new DiskUsageRow(row));
  return `${JSON.stringify(rows, null, 2)}\n`;
}

/** DISK_USAGE_HEADERS head the columns of a `table` --format, by field. */
export const DISK_USAGE_HEADERS: ReadonlyMap<string, string> = new Map([
  ['Type', 'TYPE'],
  ['Total', 'TOTAL'],
  ['Active', 'ACTIVE'],
  ['Size', 'SIZE'],
  ['Reclaimable', 'RECLAIMABLE'],
  ['RawSize', 'RAW SIZE'],
  ['RawReclaimable', 'RAW RECLAIMABLE'],
]);

/**
 * DiskUsageRow is one total as a Go template --format sees it, with Podman's fields: the sizes
 * as the table prints them, and in bytes as RawSize and RawReclaimable. Its JSON is that of
 * Podman 4.3's `{{json .}}`, with the sizes in bytes under Size and Reclaimable.
 */
export class DiskUsageRow {
  readonly Type: string;
  readonly Total: number;
  readonly Active: number;
  readonly Size: string;
  readonly Reclaimable: string;
  readonly RawSize: number;
  readonly RawReclaimable: number;

  constructor(row: DiskUsageSummary) {
    this.Type = row.type;
    this.Total = row.total;
    this.Active = row.active;
    this.Size = preciseSize(row.size);
    this.Reclaimable = reclaimable(row);
    this.RawSize = row.size;
    this.RawReclaimable = row.reclaimable;
  }

  toJSON() {
    const { Type, Total, Active, RawSize, RawReclaimable } = this;
    return { Type, Total, Active, Size: RawSize, Reclaimable: RawReclaimable };
  }
}

/** renderDiskUsageVerbose renders `system df -v`: a section each for images, containers, volumes. */
export function renderDiskUsageVerbose(report: DiskUsageReport, now = Date.now()): string {
  return [
    `Images space usage:\n\n${imagesTable(report.images, now)}`,
    `Containers space usage:\n\n${containersTable(report.containers, now)}`,
    `Local Volumes space usage:\n\n${volumesTable(report.volumes)}`,
  ].join('\n');
}

function imagesTable(images: readonly ImageUsage[], now: number): string {
  const header = ['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE', 'SHARED SIZE'];
  const rows = images.map((image) => [
    image.repository,
    image.tag,
    image.id.slice(0, 12),
    age(image.created, now),
    preciseSize(image.size),
    preciseSize(image.sharedSize),
    preciseSize(image.uniqueSize),
    String(image.containers),
  ]);
  return renderTable([...header, 'UNIQUE SIZE', 'CONTAINERS'], rows, LAYOUT);
}

function containersTable(containers: readonly ContainerUsage[], now: number): string {
  const header = ['CONTAINER ID', 'IMAGE', 'COMMAND', 'LOCAL VOLUMES', 'SIZE', 'CREATED'];
  const rows = containers.map((container) => [
    container.id.slice(0, 12),
    container.imageId.slice(0, 12),
    container.command.join(' '),
    String(container.localVolumes),
    preciseSize(container.size),
    age(container.created, now),
    container.status,
    container.name,
  ]);
  return renderTable([...header, 'STATUS', 'NAMES'], rows, LAYOUT);
}

function volumesTable(volumes: readonly VolumeUsage[]): string {
  const rows = volumes.map((v) => [v.name, String(v.links), preciseSize(v.size)]);
  return renderTable(['VOLUME NAME', 'LINKS', 'SIZE'], rows, LAYOUT);
}

// Podman's verbose tables give ages without "ago".
function age(iso: string, now: number): string {
  return humanDuration(Math.max(0, now - Date.parse(iso)));
}
