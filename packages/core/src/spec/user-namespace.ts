import type { ContainerCreateOptions, OciIdMapping } from '@skiff/contracts';
import { InvalidArgument } from '@skiff/contracts';

import {
  checkIdMappings,
  formatIdMapping,
  holdsIds,
  idMapSize,
  insideIds,
  parseIdMapFlags,
  splitIdMapFlags,
} from './id-mappings.js';
import { parseKeepId } from './keep-id.js';
import { subIdMappings, subIdRanges, type SubIdKind } from './subid-ranges.js';

/**
 * EngineNamespace is the user namespace the engine itself runs in: the host's for root, the
 * user's own (where the user is 0) when rootless. Container mappings map onto its ids.
 */
export interface EngineNamespace {
  rootless: boolean;
  /** The user's uid and gid outside any namespace (rootless). */
  user: { uid: number; gid: number };
  /** The engine's `/proc/self/uid_map` and `gid_map`. */
  uidMap: readonly OciIdMapping[];
  gidMap: readonly OciIdMapping[];
  /** Where subordinate ids are listed; tests point these elsewhere. */
  subuidFile?: string;
  subgidFile?: string;
}

/** UserNamespacePlan is a container's own user namespace: its mappings and how they came. */
export interface UserNamespacePlan {
  /** The flag behind the mappings, for provenance (`--uidmap`, `--userns keep-id` ...). */
  origin: string;
  uidMappings: OciIdMapping[];
  gidMappings: OciIdMapping[];
  /** `keep-id`: the container ids the user's own files and process have. */
  keepId?: { uid: number; gid: number };
}

const EXCLUSIVE = '--userns and --uidmap/--gidmap/--subuidname/--subgidname are mutually exclusive';

/**
 * planUserNamespace reads `--userns`, `--uidmap`, `--gidmap`, `--subuidname` and
 * `--subgidname` with Podman's rules and words. Undefined means the container shares the
 * engine's user namespace (`--userns host`, the default).
 */
export function planUserNamespace(
  options: ContainerCreateOptions,
  engine: EngineNamespace,
): UserNamespacePlan | undefined {
  const mapFlags =
    (options.uidmap?.length ?? 0) > 0 ||
    (options.gidmap?.length ?? 0) > 0 ||
    options.subuidname !== undefined ||
    options.subgidname !== undefined;
  // Podman refuses `--userns` with any of these flags given, even an empty `--uidmap ""`.
  if (mapFlags && options.userns !== undefined) throw new InvalidArgument(EXCLUSIVE);

  const plan = mapFlags ? flagPlan(options, engine) : modePlan(options.userns, engine);
  if (plan === undefined) return undefined;
  return { ...plan, ...checkedMappings(plan, engine) };
}

function modePlan(
  mode: string | undefined,
  engine: EngineNamespace,
): UserNamespacePlan | undefined {
  if (mode === undefined || mode === '' || mode === 'host') return undefined;
  if (mode === 'keep-id' || mode.startsWith('keep-id:')) return keepIdPlan(mode, engine);
  if (mode === 'nomap') return nomapPlan(engine);
  if (mode === 'private') {
    throw new InvalidArgument(
      'must provide at least one UID or GID mapping to configure a user namespace',
    );
  }
  if (mode === 'auto' || mode.startsWith('auto:')) {
    throw new InvalidArgument('user namespace mode auto is not supported yet: use --uidmap');
  }
  if (mode.startsWith('ns:') || mode.startsWith('container:')) return refuseJoin(mode);
  throw new InvalidArgument(`unrecognized namespace mode ${mode} passed`);
}

function refuseJoin(mode: string): never {
  const [prefix, rest] = [mode.slice(0, mode.indexOf(':')), mode.slice(mode.indexOf(':') + 1)];
  const kind = prefix === 'ns' ? 'path' : 'container';
  if (rest === '') {
    throw new InvalidArgument(`invalid config provided: namespace mode ${kind} requires a value`);
  }
  const what = prefix === 'ns' ? 'a user namespace path' : "another container's user namespace";
  throw new InvalidArgument(`joining ${what} is not supported yet`);
}

/**
 * keepIdPlan maps the user to the same id inside the container, rootless: container id U is
 * the engine's 0 (the user), 0..U-1 are the engine's 1..U, and the ids above U map to
 * themselves, so that every subordinate id still has a place.
 */
function keepIdPlan(mode: string, engine: EngineNamespace): UserNamespacePlan {
  if (!engine.rootless) throw new InvalidArgument('keep-id is only supported in rootless mode');

  const chosen = parseKeepId(mode);
  const uid = chosen.uid ?? engine.user.uid;
  const gid = chosen.gid ?? engine.user.gid;
  return {
    origin: `--userns ${mode}`,
    uidMappings: keepIdMappings(uid, idMapSize(engine.uidMap)),
    gidMappings: keepIdMappings(gid, idMapSize(engine.gidMap)),
    keepId: { uid, gid },
  };
}

/** keepIdMappings maps container id `id` to the engine's 0 in a namespace of `size` ids. */
export function keepIdMappings(id: number, size: number): OciIdMapping[] {
  const mappings = [
    { containerID: 0, hostID: 1, size: id },
    { containerID: id, hostID: 0, size: 1 },
    { containerID: id + 1, hostID: id + 1, size: size - 1 - id },
  ];
  return mappings.filter((m) => m.size > 0);
}

// `nomap` leaves the user out of the container: its ids are the subordinate ones alone.
function nomapPlan(engine: EngineNamespace): UserNamespacePlan {
  if (!engine.rootless) throw new InvalidArgument('nomap is only supported in rootless mode');
  const range = (map: readonly OciIdMapping[]) => [
    { containerID: 0, hostID: 1, size: idMapSize(map) - 1 },
  ];
  return {
    origin: '--userns nomap',
    uidMappings: range(engine.uidMap),
    gidMappings: range(engine.gidMap),
  };
}

/**
 * flagPlan builds mappings from `--uidmap`/`--gidmap` and the subordinate ranges of
 * `--subuidname`/`--subgidname`. As in Podman, a flag given for one kind of id only is used
 * for both, and so is a name.
 */
function flagPlan(
  options: ContainerCreateOptions,
  engine: EngineNamespace,
): UserNamespacePlan | undefined {
  const uidFlags = splitIdMapFlags(options.uidmap);
  const gidFlags = splitIdMapFlags(options.gidmap);
  const named = options.subuidname !== undefined || options.subgidname !== undefined;
  // An empty `--uidmap ""` asks for nothing, as in Podman.
  if (!uidFlags.length && !gidFlags.length && !named) return undefined;
  const uids = parseIdMapFlags(uidFlags.length ? uidFlags : gidFlags, 'UID');
  const gids = parseIdMapFlags(gidFlags.length ? gidFlags : uidFlags, 'GID');

  const userName = options.subuidname ?? options.subgidname;
  const groupName = options.subgidname ?? options.subuidname;
  if (userName !== undefined) uids.push(...subIdsInside('uid', userName, engine));
  if (groupName !== undefined) gids.push(...subIdsInside('gid', groupName, engine));

  const origin = [
    uidFlags.length ? '--uidmap' : '',
    gidFlags.length ? '--gidmap' : '',
    options.subuidname !== undefined ? `--subuidname ${options.subuidname}` : '',
    options.subgidname !== undefined ? `--subgidname ${options.subgidname}` : '',
  ].filter(Boolean);
  return { origin: origin.join(' + '), uidMappings: uids, gidMappings: gids };
}

/**
 * subIdsInside maps a name's subordinate ids, given as host ids, onto the ids that stand for
 * them in the engine's namespace (themselves for root; 1 and up for a rootless user).
 */
function subIdsInside(kind: SubIdKind, name: string, engine: EngineNamespace): OciIdMapping[] {
  const file = kind === 'uid' ? engine.subuidFile : engine.subgidFile;
  const map = kind === 'uid' ? engine.uidMap : engine.gidMap;
  return subIdMappings(subIdRanges(kind, name, file)).map((mapping) => {
    const inside = insideIds(map, mapping.hostID, mapping.size);
    if (inside === undefined) {
      throw new InvalidArgument(
        `the sub${kind} range ${mapping.hostID}:${mapping.size} of "${name}" is not mapped into the user namespace of this engine`,
      );
    }
    return { ...mapping, hostID: inside };
  });
}

function checkedMappings(plan: UserNamespacePlan, engine: EngineNamespace) {
  const uidMappings = checkIdMappings(plan.uidMappings);
  const gidMappings = checkIdMappings(plan.gidMappings);
  checkAvailable(uidMappings, engine.uidMap);
  checkAvailable(gidMappings, engine.gidMap);
  return { uidMappings, gidMappings };
}

// A rootless engine owns only the user's id and subordinate ones; runc would fail to write a
// mapping onto others with a bare `invalid argument`.
function checkAvailable(mappings: readonly OciIdMapping[], map: readonly OciIdMapping[]): void {
  for (const mapping of mappings) {
    if (holdsIds(map, mapping.hostID, mapping.size)) continue;
    throw new InvalidArgument(
      `potentially insufficient UIDs or GIDs available in user namespace (requested ${formatIdMapping(mapping)}): check /etc/subuid and /etc/subgid`,
    );
  }
}

/**
 * keepIdOf is the container uid and gid a `keep-id` container maps the user to (the ids that
 * stand for the engine's 0), read back from its mappings; undefined for any other container.
 */
export function keepIdOf(
  userns: string | undefined,
  linux: { uidMappings?: OciIdMapping[]; gidMappings?: OciIdMapping[] },
): { uid: number; gid: number } | undefined {
  if (userns !== 'keep-id' && !userns?.startsWith('keep-id:')) return undefined;
  const own = (mappings?: OciIdMapping[]) => mappings?.find((m) => m.hostID === 0)?.containerID;
  const uid = own(linux.uidMappings);
  const gid = own(linux.gidMappings);
  return uid === undefined || gid === undefined ? undefined : { uid, gid };
}
