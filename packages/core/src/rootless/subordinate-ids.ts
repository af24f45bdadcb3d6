import { readFileSync } from 'node:fs';

import { UserNamespaceError } from '@skiff/contracts';

/** SubordinateRange is one grant of /etc/subuid or /etc/subgid: `count` ids from `start`. */
export interface SubordinateRange {
  start: number;
  count: number;
}

/** SubordinateOwner names whose ranges to look up: a user (or group) by name or by id. */
export interface SubordinateOwner {
  name?: string;
  id?: number;
}

/**
 * parseSubordinateRanges returns the ranges that a /etc/subuid-style text grants `owner`, in
 * file order. Like shadow-utils, it matches an entry by name or by numeric id and skips lines
 * it cannot read.
 */
export function parseSubordinateRanges(text: string, owner: SubordinateOwner): SubordinateRange[] {
  const ranges: SubordinateRange[] = [];
  for (const line of text.split('\n')) {
    const [who, start, count] = line.trim().split(':');
    if (who !== owner.name && (owner.id === undefined || who !== String(owner.id))) continue;
    if (!/^\d+$/.test(start ?? '') || !/^\d+$/.test(count ?? '')) continue;
    if (Number(count) > 0) ranges.push({ start: Number(start), count: Number(count) });
  }
  return ranges;
}

/**
 * subordinateRanges reads `file` for `owner`'s ranges and refuses an owner with none: without
 * them a namespace could map only the user, and every image with a second owner would fail.
 */
export function subordinateRanges(file: string, owner: SubordinateOwner): SubordinateRange[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UserNamespaceError(`reading ${file}`, { cause: error });
    }
  }

  const ranges = parseSubordinateRanges(text, owner);
  if (ranges.length === 0) {
    const who = owner.name ?? String(owner.id);
    const kind = file.endsWith('gid') ? 'gids' : 'uids';
    throw new UserNamespaceError(
      `no subordinate ${kind} for "${who}" in ${file}: rootless containers need a range ` +
        `there, e.g. usermod --add-subuids 100000-165535 --add-subgids 100000-165535 ${who}`,
    );
  }
  return ranges;
}
