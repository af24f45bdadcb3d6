import { readFileSync } from 'node:fs';

import { InvalidArgument } from '@skiff/contracts';

/**
 * containerLabels reads `--label-file` files, then `--label` values, into the container's own
 * labels: a later value of a key wins, and `KEY` alone means an empty value, as in Podman.
 */
export function containerLabels(
  labels: readonly string[] = [],
  files: readonly string[] = [],
): Record<string, string> {
  const entries = [...files.flatMap(readLabelFile), ...labels];
  const result: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf('=');
    const key = at < 0 ? entry : entry.slice(0, at);
    if (key === '') {
      throw new InvalidArgument(`unable to process labels: invalid label format: "${entry}"`);
    }
    result[key] = at < 0 ? '' : entry.slice(at + 1);
  }
  return result;
}

// Podman reads a label file as it reads an env file: leading blanks go, blank lines, comments
// and lines without `=` are skipped, and a name holding white space is an error.
function readLabelFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : (error as Error).message;
    throw new InvalidArgument(`unable to process labels: open ${path}: ${reason}`);
  }

  const lines = text.split('\n').map((line) => line.trimStart());
  const entries = lines.filter((line) => line.includes('=') && !line.startsWith('#'));
  for (const entry of entries) {
    const name = entry.slice(0, entry.indexOf('='));
    if (/\s/.test(name)) {
      throw new InvalidArgument(
        `unable to process labels: name "${name}" has white spaces, poorly formatted name`,
      );
    }
  }
  return entries;
}
