import { readFileSync } from 'node:fs';

import type { OciIdMapping } from '@skiff/contracts';
import { InvalidArgument } from '@skiff/contracts';

/** SubIdKind says which file a name's subordinate ids come from. */
export type SubIdKind = 'uid' | 'gid';

const FILES: Record<SubIdKind, string> = { uid: '/etc/subuid', gid: '/etc/subgid' };
const OWNERS: Record<SubIdKind, string> = { uid: 'user', gid: 'group' };

/** SubIdRange is one `NAME:START:COUNT` line of /etc/subuid or /etc/subgid. */
export interface SubIdRange {
  start: number;
  count: number;
}

/**
 * subIdRanges reads the ranges /etc/subuid (or /etc/subgid) gives `name`, in file order, and
 * refuses a name with none in Podman's words.
 */
export function subIdRanges(kind: SubIdKind, name: string, file = FILES[kind]): SubIdRange[] {
  const ranges = readLines(file)
    .map((line) => line.split(':'))
    .filter((fields) => fields.length === 3 && fields[0] === name)
    .map(([, start, count]) => ({ start: Number(start), count: Number(count) }))
    .filter((r) => Number.isInteger(r.start) && Number.isInteger(r.count) && r.count > 0);

  if (ranges.length === 0) {
    throw new InvalidArgument(
      `no sub${kind} ranges found for ${OWNERS[kind]} "${name}" in ${file}`,
    );
  }
  return ranges;
}

/**
 * subIdMappings maps container ids from 0 up onto a name's subordinate ranges, one after the
 * other, as `--subuidname` asks.
 */
export function subIdMappings(ranges: readonly SubIdRange[]): OciIdMapping[] {
  let next = 0;
  return ranges.map((range) => {
    const mapping = { containerID: next, hostID: range.start, size: range.count };
    next += range.count;
    return mapping;
  });
}

function readLines(file: string): string[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
