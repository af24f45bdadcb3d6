import { readFileSync } from 'node:fs';

import type { OciIdMapping } from '@skiff/contracts';
import { InvalidArgument, SkiffError } from '@skiff/contracts';

/** IdKind names the ids a mapping is about, as Podman's messages spell them. */
export type IdKind = 'UID' | 'GID';

const MAX_ID = 2 ** 32 - 1;
const MAPPING = /^(\d+):(\d+):(\d+)$/;

/**
 * parseIdMapFlags reads `--uidmap`/`--gidmap` values (`CONTAINER:HOST:SIZE`, several to a
 * value when separated by commas, as Podman's string-slice flags split them). A bad one is
 * refused with the whole list, in Podman's words.
 */
export function parseIdMapFlags(values: readonly string[], kind: IdKind): OciIdMapping[] {
  const mappings: OciIdMapping[] = [];
  for (const value of values) {
    const parsed = parseMapping(value);
    if (parsed === undefined) throw malformed(values, kind);
    mappings.push(parsed);
  }
  return mappings;
}

/** splitIdMapFlags splits each flag value at its commas and drops empty entries. */
export function splitIdMapFlags(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).filter((value) => value !== '');
}

function parseMapping(value: string): OciIdMapping | undefined {
  const match = MAPPING.exec(value);
  if (!match) return undefined;

  const [containerID, hostID, size] = match.slice(1).map(Number);
  if ([containerID, hostID, size].some((n) => n > MAX_ID)) return undefined;
  return { containerID, hostID, size };
}

// Go prints a string slice with %q as `["a" "b"]`.
function malformed(values: readonly string[], kind: IdKind): SkiffError {
  const list = `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
  const error = new InvalidArgument(
    `${kind} setting is malformed expected ["uint32:uint32:uint32"]: ${list}`,
  );
  return SkiffError.wrap('initializing ID mappings', error);
}

/**
 * checkIdMappings refuses mappings the kernel would: two that overlap inside or outside the
 * namespace, and a set that leaves the container's root unmapped. Empty ranges are dropped.
 */
export function checkIdMappings(mappings: readonly OciIdMapping[]): OciIdMapping[] {
  const kept = mappings.filter((m) => m.size > 0);
  kept.forEach((mapping, index) => {
    const clash = kept.slice(0, index).some((other) => overlaps(mapping, other));
    if (!clash) return;
    const error = new InvalidArgument(
      `the specified UID and/or GID mapping ${formatIdMapping(mapping)} conflicts with other mappings: invalid mappings specified`,
    );
    throw SkiffError.wrap('creating container storage', error);
  });

  if (!kept.some((m) => m.containerID === 0)) {
    throw new InvalidArgument('container ID 0 cannot be mapped to a host ID');
  }
  return kept;
}

function overlaps(a: OciIdMapping, b: OciIdMapping): boolean {
  const cross = (x: number, y: number) => x < y + b.size && y < x + a.size;
  return cross(a.containerID, b.containerID) || cross(a.hostID, b.hostID);
}

/** formatIdMapping is a mapping as Podman's flags and inspect spell it: `0:100000:65536`. */
export function formatIdMapping(mapping: OciIdMapping): string {
  return `${mapping.containerID}:${mapping.hostID}:${mapping.size}`;
}

/**
 * readIdMap reads a process's `/proc/PID/uid_map` or `gid_map`: which ids inside its user
 * namespace (`containerID`) stand for which outside (`hostID`).
 */
export function readIdMap(file: string): OciIdMapping[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((fields) => fields.length === 3 && fields.every(Number.isFinite))
    .map(([containerID, hostID, size]) => ({ containerID, hostID, size }));
}

/** idMapSize is how many ids a user namespace holds: one past its highest id inside. */
export function idMapSize(map: readonly OciIdMapping[]): number {
  return Math.max(0, ...map.map((m) => m.containerID + m.size));
}

/**
 * insideIds translates a range of ids outside a user namespace into the ids that stand for
 * them inside, or undefined when the namespace does not hold the whole range.
 */
export function insideIds(
  map: readonly OciIdMapping[],
  outside: number,
  size: number,
): number | undefined {
  const range = map.find((m) => outside >= m.hostID && outside + size <= m.hostID + m.size);
  return range === undefined ? undefined : range.containerID + (outside - range.hostID);
}

/** holdsIds says whether the ids `start` to `start + size - 1` exist in a user namespace. */
export function holdsIds(map: readonly OciIdMapping[], start: number, size: number): boolean {
  return map.some((m) => start >= m.containerID && start + size <= m.containerID + m.size);
}

/** hostIdOf is the id outside a user namespace that container id `id` maps to, if any. */
export function hostIdOf(mappings: readonly OciIdMapping[], id: number): number | undefined {
  const range = mappings.find((m) => id >= m.containerID && id < m.containerID + m.size);
  return range === undefined ? undefined : range.hostID + (id - range.containerID);
}
