const TABLE_PREFIX = 'table ';

/** isTableFormat reports whether a --format asks for Podman's table: it starts with `table `. */
export function isTableFormat(format: string): boolean {
  return format.startsWith(TABLE_PREFIX);
}

/**
 * expandEscapes turns the two characters `\t` and `\n` into a tab and a newline, as Podman
 * does to --format values, which shells pass through unexpanded.
 */
export function expandEscapes(text: string): string {
  return text.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
}

/** FormatPiece is a stretch of --format text: an action `{{...}}`, or the text between. */
export interface FormatPiece {
  action: boolean;
  text: string;
}

/**
 * splitActions cuts template text into actions and the text around them, stepping over quoted
 * strings and comments so that a `}}` inside them does not end the action.
 */
export function splitActions(text: string): FormatPiece[] {
  const pieces: FormatPiece[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('{{', at);
    if (open < 0) break;
    if (open > at) pieces.push({ action: false, text: text.slice(at, open) });
    const close = actionEnd(text, open + 2);
    pieces.push({ action: true, text: text.slice(open, close) });
    at = close;
  }
  if (at < text.length) pieces.push({ action: false, text: text.slice(at) });
  return pieces;
}

function actionEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length) {
    if (text.startsWith('}}', at)) return at + 2;
    if (text.startsWith('/*', at)) at = skipPast(text, at + 2, '*/');
    else if (text[at] === '`') at = skipPast(text, at + 1, '`');
    else if (text[at] === '"' || text[at] === "'") at = skipQuoted(text, at);
    else at++;
  }
  return text.length;
}

function skipPast(text: string, from: number, end: string): number {
  const found = text.indexOf(end, from);
  return found < 0 ? text.length : found + end.length;
}

function skipQuoted(text: string, start: number): number {
  const quote = text[start];
  let at = start + 1;
  while (at < text.length && text[at] !== quote && text[at] !== '\n') {
    at += text[at] === '\\' ? 2 : 1;
  }
  return at + 1;
}

/**
 * normalizeFormat prepares a user's --format as Podman does before parsing it: the `table `
 * prefix goes, `\t` and `\n` become a tab and a newline, in a table every space becomes a tab
 * (a column break), and the text ends with a newline.
 *
 * Podman makes these replacements everywhere, even inside actions, which breaks
 * `{{join .Names "\n"}}` and turns spaces inside quoted strings into tabs; here they apply
 * only to the text between actions, where Go's own escapes do not reach.
 */
export function normalizeFormat(format: string): string {
  const table = isTableFormat(format);
  const body = table ? format.slice(TABLE_PREFIX.length) : format;
  const pieces = splitActions(body).map((piece) => {
    if (piece.action) return piece.text;
    const text = expandEscapes(piece.text);
    return table ? text.replace(/ /g, '\t') : text;
  });
  const text = pieces.join('');
  return text.endsWith('\n') ? text : text + '\n';
}

const RANGE_OVER_DOT = /\{\{-?\s*range\s+\.\s*-?\}\}[\s\S]*\{\{-?\s*end\s*-?\}\}/;

/**
 * rangesOverDot reports whether a format already loops over the list itself
 * (`{{range .}}...{{end}}`); if not, Podman applies it to each item in turn.
 */
export function rangesOverDot(format: string): boolean {
  return RANGE_OVER_DOT.test(format);
}
