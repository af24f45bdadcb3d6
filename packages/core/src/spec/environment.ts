import { readFileSync } from 'node:fs';

import { InvalidArgument } from '@skiff/contracts';

/** DEFAULT_ENV is what every container starts with, as containers.conf's default `env`. */
export const DEFAULT_ENV = [
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'TERM=xterm',
];

/**
 * EnvList is an ordered environment where a later assignment of a name replaces the value in
 * place, so the image's `PATH` overrides the default one without moving it.
 */
export class EnvList {
  private readonly entries = new Map<string, string>();

  set(assignment: string): void {
    const eq = assignment.indexOf('=');
    const name = eq < 0 ? assignment : assignment.slice(0, eq);
    this.entries.set(name, eq < 0 ? '' : assignment.slice(eq + 1));
  }

  setAll(assignments: readonly string[]): void {
    for (const assignment of assignments) this.set(assignment);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  toArray(): string[] {
    return [...this.entries].map(([name, value]) => `${name}=${value}`);
  }
}

/**
 * userAssignments turns `-e` values into assignments: `NAME=value` as given, a bare `NAME` takes
 * the caller's value and is skipped when the caller has none, as Podman does.
 */
export function userAssignments(values: readonly string[], host: NodeJS.ProcessEnv): string[] {
  const result: string[] = [];
  for (const value of values) {
    if (value.includes('=')) {
      if (value.startsWith('='))
        throw new InvalidArgument(`invalid environment variable: "${value}"`);
      result.push(value);
    } else if (host[value] !== undefined) {
      result.push(`${value}=${host[value]}`);
    }
  }
  return result;
}

/** readEnvFile reads a `--env-file`: `NAME=value` lines; `#` comments and blanks skipped. */
export function readEnvFile(path: string, host: NodeJS.ProcessEnv): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file or directory'
        : (error as Error).message;
    throw new InvalidArgument(`parsing env file "${path}": open ${path}: ${reason}`);
  }

  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trimStart())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return userAssignments(lines, host);
}
