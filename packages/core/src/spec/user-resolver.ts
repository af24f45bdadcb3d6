import { readFileSync } from 'node:fs';

import { InvalidArgument } from '@skiff/contracts';

import { scopedPath } from './scoped-path.js';

/** ResolvedUser is a container user as numbers, with its home and extra groups. */
export interface ResolvedUser {
  uid: number;
  gid: number;
  home: string;
  additionalGids: number[];
}

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/**
 * resolveUser turns `user[:group]` (names or numbers) into ids using the container's own
 * /etc/passwd and /etc/group, as Podman does when it starts a container.
 */
export function resolveUser(rootfs: string, spec: string): ResolvedUser {
  const [userPart, groupPart] = spec === '' ? ['0', undefined] : spec.split(':', 2);
  const passwd = readEntries(scopedPath(rootfs, 'etc/passwd')).map(toPasswd);
  const groups = readEntries(scopedPath(rootfs, 'etc/group'));

  const entry = /^\d+$/.test(userPart)
    ? passwd.find((p) => p.uid === Number(userPart))
    : passwd.find((p) => p.name === userPart);
  if (!entry && !/^\d+$/.test(userPart)) {
    throw new InvalidArgument(
      `unable to find user ${userPart}: no matching entries in passwd file`,
    );
  }

  const uid = entry?.uid ?? Number(userPart);
  const gid = groupPart !== undefined ? resolveGroup(groups, groupPart) : (entry?.gid ?? 0);
  const name = entry?.name;
  const additionalGids = name
    ? groups
        .filter((g) => (g[3] ?? '').split(',').includes(name))
        .map((g) => Number(g[2]))
        .filter((id) => id !== gid)
    : [];
  return { uid, gid, home: entry?.home ?? '/', additionalGids };
}

function resolveGroup(groups: string[][], group: string): number {
  if (/^\d+$/.test(group)) return Number(group);
  const entry = groups.find((g) => g[0] === group);
  if (!entry) {
    throw new InvalidArgument(`unable to find group ${group}: no matching entries in group file`);
  }
  return Number(entry[2]);
}

function readEntries(file: string): string[][] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(':'));
}

function toPasswd(fields: string[]): PasswdEntry {
  return {
    name: fields[0],
    uid: Number(fields[2]),
    gid: Number(fields[3]),
    home: fields[5] ?? '/',
  };
}
