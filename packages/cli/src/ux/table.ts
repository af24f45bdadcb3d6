/** TableOptions: `minWidth` is the narrowest a padded column may be, as tabwriter's minwidth. */
export interface TableOptions {
  minWidth?: number;
}

/**
 * renderTable lays out rows in columns separated by at least two spaces, as Podman's
 * tabwriter-based tables; the last column is not padded.
 */
export function renderTable(
  header: string[],
  rows: string[][],
  { minWidth = 0 }: TableOptions = {},
): string {
  const all = [header, ...rows];
  const widths = header.map((_, col) =>
    Math.max(minWidth, 2 + Math.max(...all.map((row) => (row[col] ?? '').length))),
  );
  return all
    .map((row) =>
      row
        .map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col])))
        .join('')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}
