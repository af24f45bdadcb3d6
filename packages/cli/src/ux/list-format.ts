import { InvalidArgument } from '@skiff/contracts';

import { writeOut } from './output.js';

// Podman's report package reads these as a request for JSON, not as templates.
const JSON_FORMAT = /^\s*(json|\{\{\s*json\s*(\.)?\s*\}\})\s*$/;
const RANGE_OVER_DOT = /^\s*\{\{-?\s*range\s+\.\s*-?\}\}/;

/** isJsonFormat says whether a `--format` asks for the list as JSON. */
export function isJsonFormat(format: string): boolean {
  return JSON_FORMAT.test(format);
}

/** ListTemplateOptions say how a list command names its template and heads its columns. */
export interface ListTemplateOptions {
  /** The template's name in error messages: Podman uses the command (`ps`, `images`). */
  name: string;
  /** Column headers by field name; a field without one heads its column `<no value>`. */
  headers: ReadonlyMap<string, string>;
  noHeading: boolean;
}

/**
 * printListTemplate prints a list through a Go template `--format` as Podman's list commands
 * do: the template ranges over the rows (unless it does so itself); a `table` format first
 * renders the header map through it, and its output is aligned into columns. As in Podman,
 * what was rendered before a failing row is still printed.
 */
export async function printListTemplate(
  format: string,
  rows: readonly unknown[],
  options: ListTemplateOptions,
): Promise<void> {
  // Loaded on first use: plain listings never parse a template.
  const gotemplate = await import('@skiff/gotemplate');
  const text = gotemplate.normalizeFormat(format);
  const ownRange = RANGE_OVER_DOT.test(text);
  const ranged = ownRange ? text : `{{range .}}${text}{{end -}}`;
  const table = gotemplate.isTableFormat(format);
  const writer = table ? new gotemplate.TabWriter() : undefined;
  const emit = (part: string) => (writer ? writer.write(part) : writeOut(part));

  try {
    const template = gotemplate.parseTemplate(ranged, { name: options.name, strictFields: true });
    if (table && !options.noHeading) emit(template.execute([options.headers]));
    // Row by row, so that the rows before a failing one are printed, as Go's streaming does.
    const batches = ownRange ? [rows] : rows.map((row) => [row]);
    for (const batch of batches) emit(template.execute(batch));
  } catch (error) {
    if (error instanceof gotemplate.TemplateError) throw new InvalidArgument(error.message);
    throw error;
  } finally {
    if (writer) writeOut(writer.flush());
  }
}
