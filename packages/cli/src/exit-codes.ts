import type { ErrorCode } from '@skiff/contracts';

/** EXIT_ENGINE is Podman's status for an engine or usage error. */
export const EXIT_ENGINE = 125;

const BY_CODE: Partial<Record<ErrorCode, number>> = {
  ExecutablePermission: 126,
  ExecutableNotFound: 127,
};

/**
 * exitCodeFor maps an error code to the process status, once, at the CLI boundary: 126 when
 * the container's command cannot be invoked, 127 when it is not found, 125 otherwise.
 */
export function exitCodeFor(
  code: ErrorCode,
  overrides: Partial<Record<ErrorCode, number>> = {},
): number {
  return overrides[code] ?? BY_CODE[code] ?? EXIT_ENGINE;
}
