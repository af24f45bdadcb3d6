import { readFile } from 'node:fs/promises';

import { InvalidArgument } from '@skiff/contracts';

/** RelabelPolicyOptions are the per-user paths refused on top of the fixed list. */
export interface RelabelPolicyOptions {
  /** The engine's `$HOME`. */
  home?: string;
  /** The home directory of `$SUDO_USER`, when that user exists. */
  sudoHome?: string;
}

// go-selinux's list: relabelling any of these would break the host, so a mistyped `-v /usr:..:Z`
// must fail instead. Matching is exact; sub-paths and un-normalised spellings pass, as in Podman.
const NEVER_RELABEL: readonly string[] = [
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/etc/passwd',
  '/etc/pki',
  '/etc/shadow',
  '/home',
  '/lib',
  '/lib64',
  '/media',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/tmp',
  '/usr',
  '/var',
  '/var/lib',
  '/var/log',
];

/**
 * RelabelPolicy decides whether a path may be relabelled: it owns the list of host paths that
 * never are, and the one trailing `/` that is stripped before comparing.
 */
export class RelabelPolicy {
  private readonly refused: ReadonlySet<string>;

  constructor(options: RelabelPolicyOptions = {}) {
    const refused = new Set(NEVER_RELABEL);
    if (options.home) refused.add(options.home);
    if (options.sudoHome) refused.add(options.sudoHome);
    this.refused = refused;
  }

  /** fromEnvironment reads `$HOME` and `$SUDO_USER` now, as go-selinux does on every call. */
  static async fromEnvironment(
    env: NodeJS.ProcessEnv = process.env,
    passwdPath = '/etc/passwd',
  ): Promise<RelabelPolicy> {
    const sudoUser = env.SUDO_USER;
    const sudoHome = sudoUser ? await homeOf(sudoUser, passwdPath) : undefined;
    return new RelabelPolicy({ home: env.HOME, sudoHome });
  }

  /**
   * check returns the path to relabel: `path` without one trailing `/` (`/` itself kept).
   * It throws InvalidArgument for a refused path. The empty path passes: go-selinux rejects it
   * only later, after shaping the label, and the relabel keeps that order.
   */
  check(path: string): string {
    const trimmed = path !== '/' && path.endsWith('/') ? path.slice(0, -1) : path;
    if (this.refused.has(trimmed)) {
      throw new InvalidArgument(`SELinux relabeling of ${trimmed} is not allowed`);
    }
    return trimmed;
  }
}

// An unknown user or an unreadable passwd file just adds nothing, as in go-selinux.
async function homeOf(user: string, passwdPath: string): Promise<string | undefined> {
  let passwd: string;
  try {
    passwd = await readFile(passwdPath, 'utf8');
  } catch {
    return undefined;
  }

  for (const line of passwd.split('\n')) {
    const fields = line.split(':');
    if (fields.length >= 7 && fields[0] === user) return fields[5] || undefined;
  }
  return undefined;
}
