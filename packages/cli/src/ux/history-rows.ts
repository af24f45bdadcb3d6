import type { HistoryEntry } from '@skiff/core';

import { goTimeString } from './event-line.js';
import { goStruct } from './go-struct.js';
import { ago, humanSize } from './human.js';

/** HISTORY_HEADERS head `history --format 'table ...'` columns, as Podman's do. */
export const HISTORY_HEADERS: ReadonlyMap<string, string> = new Map([
  ['ID', 'ID'],
  ['Created', 'CREATED'],
  ['CreatedBy', 'CREATED BY'],
  ['Size', 'SIZE'],
  ['Comment', 'COMMENT'],
  ['Tags', 'TAGS'],
]);

/** HistoryRowOptions are the `history` flags that change how a row reads. */
export interface HistoryRowOptions {
  noTrunc: boolean;
  /** The time ages are measured from, in milliseconds. */
  now: number;
}

/**
 * historyRow is one step of an image's history as `history --format` templates see it:
 * Podman's historyReporter, whose `.Created` is an age, `.Size` a human size and `.CreatedBy`
 * cut to 45 characters, with the raw values under `.ImageHistoryLayer`.
 */
export function historyRow(entry: HistoryEntry, options: HistoryRowOptions): object {
  const full = options.noTrunc;
  const age = ago(entry.created, options.now);
  const layer = goStruct('define.ImageHistoryLayer', {
    ID: entry.id,
    Created: new Date(entry.created),
    CreatedBy: entry.createdBy,
    Tags: [],
    Size: entry.size,
    Comment: entry.comment,
  });
  return goStruct('images.historyReporter', {
    ImageHistoryLayer: layer,
    ID: full || entry.id === '<missing>' ? entry.id : entry.id.slice(0, 12),
    Created: age,
    CreatedSince: age,
    CreatedAt: goTimeString(wholeSeconds(entry.created)),
    CreatedBy: full || entry.createdBy.length <= 45 ? entry.createdBy : cut(entry.createdBy),
    Size: humanSize(entry.size),
    Comment: entry.comment,
    Tags: [],
  });
}

/**
 * historyJson is `history --format json`: Podman prints its layers on one line, with the
 * creation time a second time, to the second, under `Created`.
 */
export function historyJson(entries: readonly HistoryEntry[]): string {
  const layers = entries.map((entry) => ({
    id: entry.id,
    created: entry.created,
    CreatedBy: entry.createdBy,
    size: entry.size,
    comment: entry.comment || undefined,
    Created: wholeSeconds(entry.created),
  }));
  return `${JSON.stringify(layers)}\n`;
}

function cut(text: string): string {
  return `${text.slice(0, 42)}...`;
}

// Podman's reporter rebuilds the time from its Unix seconds, dropping the fraction.
function wholeSeconds(iso: string): string {
  return iso.replace(/\.\d+(?=Z|[+-]\d{2}:\d{2}$)/, '');
}
