import { InvalidArgument } from '@skiff/contracts';
import type * as GoTemplate from '@skiff/gotemplate';
import type { Template } from '@skiff/gotemplate';

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
  /**
   * execPrefix goes before the message of a template that fails while it runs: Podman's
   * inspect commands say `inspecting object: printing inspect output: `, not for parse errors.
   */
  execPrefix?: string;
}

/** FormatRenderer applies a parsed `--format` to one value. */
export type FormatRenderer = (data: unknown) => string;

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
  const ranged = ownRange ? text : wrapRange(text);
  const table = gotemplate.isTableFormat(format);
  const writer = table ? new gotemplate.TabWriter() : undefined;
  const emit = (part: string) => (writer ? writer.write(part) : writeOut(part));

  try {
    const template = parsePodman(gotemplate, ranged, options.name);
    if (table && !options.noHeading) emit(template.execute([options.headers]));
    // Row by row, so that the rows before a failing one are printed, as Go's streaming does.
    const batches = ownRange ? [rows] : rows.map((row) => [row]);
    for (const batch of batches) emit(template.execute(batch));
  } catch (error) {
    if (!(error instanceof gotemplate.TemplateError)) throw error;
    const prefix = error.code === 'TemplateExec' ? (options.execPrefix ?? '') : '';
    throw new InvalidArgument(`${prefix}${error.message}`);
  } finally {
    if (writer) writeOut(writer.flush());
  }
}

/**
 * parseFormatTemplate parses a `--format` applied to one value at a time, as `info` and
 * `events` apply theirs: Podman's escapes are read and a newline ends the output; errors,
 * parsing or running, are InvalidArgument in Go's words.
 */
export async function parseFormatTemplate(format: string, name: string): Promise<FormatRenderer> {
  // Loaded on first use: output without a template never parses one.
  const gotemplate = await import('@skiff/gotemplate');
  const asArgument = (error: unknown) =>
    error instanceof gotemplate.TemplateError ? new InvalidArgument(error.message) : error;

  // Podman ranges over a `table` format even here, so that it fails as Podman's does.
  const text = gotemplate.normalizeFormat(format);
  const ranged = gotemplate.isTableFormat(format) ? wrapRange(text) : text;
  let template: Template;
  try {
    template = parsePodman(gotemplate, ranged, name);
  } catch (error) {
    throw asArgument(error);
  }
  return (data) => {
    try {
      return template.execute(data);
    } catch (error) {
      throw asArgument(error);
    }
  };
}

function wrapRange(text: string): string {
  return `{{range .}}${text}{{end -}}`;
}

/**
 * parsePodman parses a normalized format with `strictFields`. Podman words a parse error as
 * Go does for the text without the newline it appends (`{{.ID` is `bad character U+007B '{'`
 * at line 1, not an error at the `{{end}}` on line 2), so a failure is reported that way.
 */
function parsePodman(gotemplate: typeof GoTemplate, text: string, name: string): Template {
  const options = { name, strictFields: true };
  try {
    return gotemplate.parseTemplate(text, options);
  } catch (error) {
    const bare = text.replace(/\n(\{\{end -\}\})?$/, '$1');
    if (bare !== text) gotemplate.parseTemplate(bare, options);
    throw error;
  }
}
