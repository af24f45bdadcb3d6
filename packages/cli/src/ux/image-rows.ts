import { InvalidArgument } from '@skiff/contracts';
import type { ImageSummary } from '@skiff/core';

import { goTimeString } from './event-line.js';
import { goJson } from './go-json.js';
import { humanDuration, humanSize } from './human.js';
import { renderTable } from './table.js';

/** ImageRowOptions are the `images` flags that change how a row reads. */
export interface ImageRowOptions {
  noTrunc: boolean;
  /** The time ages are measured from, in milliseconds. */
  now: number;
}

/**
 * ImageReporter is one row of `images`: an image under one of its names, as `--format`
 * templates see it in Podman (its imageReporter): `.ID` cut to 12 characters, `.Size` and
 * `.Created` in words, `.CreatedAt` as a time in whole seconds.
 */
export class ImageReporter {
  readonly Containers: number;
  readonly Created: string;
  readonly CreatedAt: string;
  readonly CreatedSince: string;
  readonly CreatedTime: string;
  readonly Dangling: boolean;
  readonly Digest: string;
  readonly History: string;
  readonly ID: string;
  readonly Id: string;
  readonly IsReadOnly = false;
  readonly Labels: Record<string, string>;
  readonly Names: string[];
  readonly ParentId: string;
  readonly ReadOnly = false;
  readonly RepoDigests: string[];
  readonly RepoTags: string[];
  readonly Repository: string;
  readonly SharedSize = 0;
  readonly Size: string;
  readonly Tag: string;
  readonly VirtualSize: number;

  constructor(image: ImageSummary, [repository, tag]: [string, string], options: ImageRowOptions) {
    SUMMARIES.set(this, image);
    const created = createdSeconds(image);
    const since = `${humanDuration(options.now - created * 1000)} ago`;
    const at = goTimeString(new Date(created * 1000).toISOString().replace('.000Z', 'Z'));
    this.Containers = image.containers;
    this.Created = since;
    this.CreatedAt = at;
    this.CreatedSince = since;
    this.CreatedTime = at;
    this.Dangling = image.dangling;
    this.Digest = image.digest;
    this.History = history(image).join(', ');
    this.ID = options.noTrunc ? `sha256:${image.id}` : image.id.slice(0, 12);
    this.Id = image.id;
    this.Labels = image.config.config?.Labels ?? {};
    this.Names = image.names;
    this.ParentId = image.parentId;
    this.RepoDigests = repoDigests(image);
    this.RepoTags = image.names;
    this.Repository = repository;
    this.Size = humanSize(image.size);
    this.Tag = tag;
    this.VirtualSize = image.size;
  }
}

// A row's image stays out of its own fields, which templates can reach.
const SUMMARIES = new WeakMap<ImageReporter, ImageSummary>();
const summaryOf = (row: ImageReporter) => SUMMARIES.get(row) as ImageSummary;

// Go names the type in "can't evaluate field" errors; Podman's is images.imageReporter.
Object.defineProperty(ImageReporter, 'name', { value: 'images.imageReporter' });

/** IMAGE_HEADERS head `images --format 'table ...'` columns, as Podman's header map does. */
export const IMAGE_HEADERS: ReadonlyMap<string, string> = new Map([
  ['Containers', 'CONTAINERS'],
  ['Created', 'CREATED'],
  ['Dangling', 'DANGLING'],
  ['Digest', 'DIGEST'],
  ['History', 'HISTORY'],
  ['ID', 'IMAGE ID'],
  ['Labels', 'LABELS'],
  ['Names', 'NAMES'],
  ['ParentId', 'PARENT ID'],
  ['ReadOnly', 'R/O'],
  ['RepoDigests', 'REPO DIGESTS'],
  ['RepoTags', 'REPO TAGS'],
  ['Repository', 'REPOSITORY'],
  ['SharedSize', 'SHARED SIZE'],
  ['Size', 'SIZE'],
  ['Tag', 'TAG'],
  ['VirtualSize', 'VIRTUAL SIZE'],
]);

/** imageRows gives each image one row per tagged name, as Podman does. */
export function imageRows(images: readonly ImageSummary[], options: ImageRowOptions) {
  return images.flatMap((image) =>
    repositoryTags(image).map((names) => new ImageReporter(image, names, options)),
  );
}

type Less = (a: ImageReporter, b: ImageReporter) => boolean;

// Podman's orders for `images --sort`: created is newest first, the others ascending.
const ORDERS: Record<string, Less> = {
  created: (a, b) => createdSeconds(summaryOf(a)) > createdSeconds(summaryOf(b)),
  id: (a, b) => a.ID < b.ID,
  repository: (a, b) => a.Repository < b.Repository,
  size: (a, b) => a.VirtualSize < b.VirtualSize,
  tag: (a, b) => a.Tag < b.Tag,
};

/** sortImageRows orders rows by an `images --sort` key; equal rows keep their order. */
export function sortImageRows(rows: ImageReporter[], key: string): ImageReporter[] {
  const less = ORDERS[key];
  if (!less) {
    throw new InvalidArgument(
      `"${key}" is not a valid field for sorting. Choose from: tag, created, id, repository, size`,
    );
  }
  return [...rows].sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}

/** ImagesTableOptions choose the columns and heading of `images`' default table. */
export interface ImagesTableOptions {
  digests: boolean;
  noHeading: boolean;
}

/** imagesTable is `images` without `--format`: Podman's default columns, aligned as it does. */
export function imagesTable(rows: readonly ImageReporter[], options: ImagesTableOptions): string {
  const digest = options.digests ? ['DIGEST'] : [];
  const header = ['REPOSITORY', 'TAG', ...digest, 'IMAGE ID', 'CREATED', 'SIZE'];
  const cells = rows.map((row) => [
    row.Repository,
    row.Tag,
    ...(options.digests ? [row.Digest] : []),
    row.ID,
    row.Created,
    row.Size,
  ]);
  const text = renderTable(header, cells, { minWidth: 12 });
  return options.noHeading ? text.slice(text.indexOf('\n') + 1) : text;
}

/** imagesQuiet is `images -q`: each row's id once, in row order. */
export function imagesQuiet(rows: readonly ImageReporter[]): string {
  return [...new Set(rows.map((row) => row.ID))].map((id) => `${id}\n`).join('');
}

/**
 * imagesJson is `images --format json`: one entry per row (an image with three names
 * appears three times, as in Podman 4.3), with Podman's keys, in its order, indented by four.
 */
export function imagesJson(rows: readonly ImageReporter[]): string {
  return `${goJson(rows.map(jsonEntry), 4)}\n`;
}

function jsonEntry(row: ImageReporter): Record<string, unknown> {
  const image = summaryOf(row);
  const labels = image.config.config?.Labels ?? {};
  const created = createdSeconds(image);
  return {
    Id: image.id,
    ParentId: image.parentId,
    RepoTags: null,
    RepoDigests: repoDigests(image),
    Size: image.size,
    SharedSize: 0,
    VirtualSize: image.size,
    Labels: Object.keys(labels).length > 0 ? labels : null,
    Containers: image.containers,
    ...(image.dangling ? { Dangling: true } : {}),
    ...(image.names.length > 0 ? { Names: image.names } : {}),
    Digest: image.digest,
    ...(image.names.length > 0 ? { History: history(image) } : {}),
    Created: created,
    CreatedAt: new Date(created * 1000).toISOString().replace('.000Z', 'Z'),
  };
}

// Podman keeps an image's creation time in whole seconds, which its sort and ages see.
function createdSeconds(image: ImageSummary): number {
  return Math.floor(Date.parse(image.created) / 1000);
}

// Podman's history of names lists the newest first; Skiff keeps no history beyond the names.
function history(image: ImageSummary): string[] {
  return [...image.names].reverse();
}

function repoDigests(image: ImageSummary): string[] {
  const repositories = new Set(image.names.map((name) => repositoryOf(name)));
  return [...repositories].map((repository) => `${repository}@${image.digest}`);
}

function repositoryOf(name: string): string {
  const at = name.indexOf('@');
  if (at >= 0) return name.slice(0, at);
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
}

// Tagged names give a row each; names pinned to a digest show only when the image has no
// tag, without one; an image without names is `<none>` twice.
function repositoryTags(image: ImageSummary): [string, string][] {
  const tagged = image.names.filter((name) => !name.includes('@'));
  if (tagged.length > 0) return tagged.map((name) => [repositoryOf(name), tagOf(name)]);

  const repositories = new Set(image.names.map((name) => repositoryOf(name)));
  if (repositories.size === 0) return [['<none>', '<none>']];
  return [...repositories].map((repository) => [repository, '<none>']);
}

function tagOf(name: string): string {
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(colon + 1) : '<none>';
}
