import { isTableFormat, normalizeFormat, rangesOverDot } from './podman-format.js';
import { TabWriter, type TabWriterOptions } from './tab-writer.js';
import { headerData } from './table-header.js';
import { parseTemplate, type TemplateOptions } from './template.js';

/** TableOptions adjust renderTable and renderRows. */
export interface TableOptions extends TemplateOptions {
  /** headers replace the header of a field, by path (`State.Pid`) or field name (`ID`). */
  headers?: Readonly<Record<string, string>>;
  /** noHeading leaves out the header row, as Podman's --noheading does. */
  noHeading?: boolean;
  /** tabWriter changes the column layout from Podman's (minimum width 12, padding 2). */
  tabWriter?: Partial<TabWriterOptions>;
}

/**
 * renderTable prints rows through a `table` format as Podman does: a header row made from the
 * fields the format reads (`{{.CreatedAt}}` heads `CREATED AT`), then one line per row, with
 * tab-separated cells aligned into columns. The `table ` prefix is optional here.
 */
export function renderTable(
  format: string,
  rows: readonly unknown[],
  options: TableOptions = {},
): string {
  const template = parseTemplate(normalizeFormat(format), options);
  const writer = new TabWriter(options.tabWriter);

  if (!options.noHeading) {
    writer.write(template.execute(headerData(template.fieldPaths(), options.headers)));
  }
  for (const row of rows) writer.write(template.execute(row));
  return writer.flush();
}

/**
 * renderRows prints a list through a user's --format as Podman's list commands do: a table
 * format goes to renderTable; another is applied to each row in turn, each ending with a
 * newline, unless it ranges over the list itself.
 */
export function renderRows(
  format: string,
  rows: readonly unknown[],
  options: TableOptions = {},
): string {
  if (isTableFormat(format)) return renderTable(format, rows, options);
  const template = parseTemplate(normalizeFormat(format), options);
  if (rangesOverDot(format)) return template.execute(rows);
  return rows.map((row) => template.execute(row)).join('');
}
