import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

import { scopedPath } from './scoped-path.js';

/** HostAccount is the user's entry on the host, which `--userns keep-id` copies in. */
export interface HostAccount {
  name: string;
  gecos: string;
  group: string;
}

/** KeepIdAccount is the entry to add: the host account under the container's ids. */
export interface KeepIdAccount extends HostAccount {
  uid: number;
  gid: number;
  home: string;
}

/**
 * hostAccount reads the host's /etc/passwd and /etc/group for the user's name, comment and
 * group name; undefined when the host has no entry for the uid.
 */
export function hostAccount(
  uid: number,
  gid: number,
  files = { passwd: '/etc/passwd', group: '/etc/group' },
): HostAccount | undefined {
  const user = readEntries(files.passwd).find((f) => Number(f[2]) === uid);
  if (!user) return undefined;
  const group = readEntries(files.group).find((f) => Number(f[2]) === gid);
  return { name: user[0], gecos: user[4] ?? '', group: group?.[0] ?? user[0] };
}

/**
 * addKeepIdAccount appends the user to the container's /etc/passwd and /etc/group unless it
 * has an entry for the ids already, as Podman 4 does: the home is the working directory and
 * the shell /bin/sh, since the host's may not exist in the container. Entries go into the
 * container's own file system, so that they last as its files do.
 */
export function addKeepIdAccount(rootfs: string, account: KeepIdAccount): void {
  const passwd = scopedPath(rootfs, 'etc/passwd');
  if (!existsSync(dirname(passwd))) return;
  const { name, uid, gid } = account;

  if (!readEntries(passwd).some((f) => Number(f[2]) === uid)) {
    appendLine(passwd, `${name}:*:${uid}:${gid}:${account.gecos}:${account.home}:/bin/sh`);
  }
  const group = scopedPath(rootfs, 'etc/group');
  if (!readEntries(group).some((f) => Number(f[2]) === gid)) {
    appendLine(group, `${account.group}:x:${gid}:${name}`);
  }
}

function appendLine(file: string, line: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  appendFileSync(file, `${separator}${line}\n`, { mode: 0o644 });
}

function readEntries(file: string): string[][] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(':'));
  } catch {
    return [];
  }
}
