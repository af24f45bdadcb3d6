import { readFileSync } from 'node:fs';

import type { OciIdMapping } from '@skiff/contracts';
import { InvalidArgument } from '@skiff/contracts';

import { parseSubordinateRanges, type SubordinateRange } from '../rootless/subordinate-ids.js';

/** SubIdKind says which file a name's subordinate ids come from. */
export type SubIdKind = 'uid' | 'gid';

const FILES: Record<SubIdKind, string> = { uid: '/etc/subuid', gid: '/etc/subgid' };
const OWNERS: Record<SubIdKind, string> = { uid: 'user', gid: 'group' };

/** SubIdRange is one `NAME:START:COUNT` line of /etc/subuid or /etc/subgid. */
export type SubIdRange = SubordinateRange;

/**
 * subIdRanges reads the ranges /etc/subuid (or /etc/subgid) gives `name`, in file order, and
 * refuses a name with none in Podman's words.
 */
export function subIdRanges(kind: SubIdKind, name: string, file = FILES[kind]): SubIdRange[] {
  const ranges = parseSubordinateRanges(readText(file), { name });
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

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
