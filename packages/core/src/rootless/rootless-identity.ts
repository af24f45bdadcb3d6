/**
 * ROOTLESS_UID_ENV marks a process that runs inside Skiff's rootless user namespace, where it
 * is uid 0; the value is the user's uid outside. Podman marks its own the same way, so that a
 * command started inside (by conmon's exit command, or in `skiff unshare`) knows where it is.
 */
export const ROOTLESS_UID_ENV = '_SKIFF_ROOTLESS_UID';
/** ROOTLESS_GID_ENV is the user's gid outside the rootless user namespace. */
export const ROOTLESS_GID_ENV = '_SKIFF_ROOTLESS_GID';

/** RootlessIdentity says whether the engine runs for an unprivileged user, and as whom. */
export interface RootlessIdentity {
  /** The engine works for a user other than root: rootless paths and defaults apply. */
  rootless: boolean;
  /** This process is inside the user's namespace already (and is uid 0 there). */
  inNamespace: boolean;
  /** The user's uid and gid outside any namespace. */
  uid: number;
  gid: number;
}

/** rootlessIdentity reads this process's identity from its ids and the namespace marker. */
export function rootlessIdentity(env: NodeJS.ProcessEnv = process.env): RootlessIdentity {
  const marked = parseId(env[ROOTLESS_UID_ENV]);
  if (marked !== undefined) {
    const gid = parseId(env[ROOTLESS_GID_ENV]) ?? marked;
    return { rootless: true, inNamespace: true, uid: marked, gid };
  }

  const uid = process.geteuid?.() ?? 0;
  const gid = process.getegid?.() ?? 0;
  return { rootless: uid !== 0, inNamespace: false, uid, gid };
}

function parseId(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
