import type { OciIdMapping } from '@skiff/contracts';

import type { SubordinateRange } from './subordinate-ids.js';

/**
 * namespaceMapping is the mapping of the engine's rootless user namespace, as Podman builds
 * it: the user is 0 inside, and the subordinate ranges follow from 1 in file order.
 */
export function namespaceMapping(
  ownId: number,
  ranges: readonly SubordinateRange[],
): OciIdMapping[] {
  const mapping: OciIdMapping[] = [{ containerID: 0, hostID: ownId, size: 1 }];
  let next = 1;
  for (const range of ranges) {
    mapping.push({ containerID: next, hostID: range.start, size: range.count });
    next += range.count;
  }
  return mapping;
}

/** mappingArguments are newuidmap's (or newgidmap's) arguments for process `pid`. */
export function mappingArguments(pid: number, mapping: readonly OciIdMapping[]): string[] {
  const triples = mapping.flatMap((m) => [m.containerID, m.hostID, m.size].map(String));
  return [String(pid), ...triples];
}

/** parseIdMap reads /proc/PID/uid_map (or gid_map) text into mappings. */
export function parseIdMap(text: string): OciIdMapping[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((fields) => fields.length === 3 && fields.every(Number.isInteger))
    .map(([containerID, hostID, size]) => ({ containerID, hostID, size }));
}
