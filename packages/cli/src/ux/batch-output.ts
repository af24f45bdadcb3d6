import { SkiffError } from '@skiff/contracts';
import type { BatchResult } from '@skiff/core';

import { exitCodeFor } from '../exit-codes.js';
import { errorMessage } from './error-message.js';
import { writeError, writeOut } from './output.js';

/**
 * printBatch reports a command that acted on several containers the way Podman does: one
 * stdout line per success, one `Error:` line per failure, and the last failure's status.
 */
export function printBatch<T>(
  results: BatchResult<T>[],
  line: (name: string, value: T) => string | undefined = (name) => name,
): void {
  for (const result of results) {
    if ('value' in result) {
      const text = line(result.name, result.value);
      if (text !== undefined) writeOut(`${text}\n`);
      continue;
    }
    writeError(errorMessage(result.error));
    process.exitCode = exitCodeFor(SkiffError.codeOf(result.error));
  }
}
