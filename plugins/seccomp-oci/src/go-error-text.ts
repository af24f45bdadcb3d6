import { ERRNO_TABLE } from './errno-table.js';

/**
 * goErrorText words a failed file system call the way Go does (`open /x: no such file or
 * directory`), because Podman's seccomp errors embed Go's wording and scripts match on it.
 */
export function goErrorText(error: unknown, path: string): string {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  const known = code === undefined ? undefined : ERRNO_TABLE.get(code);
  const reason = known?.text ?? (error instanceof Error ? error.message : String(error));

  return `${syscall ?? 'open'} ${path}: ${reason}`;
}
