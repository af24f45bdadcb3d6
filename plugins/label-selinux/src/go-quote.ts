// Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/**
 * goQuote spells a string as Go's `%q` verb does. Podman's label errors quote the user's
 * option with it, and scripts match those messages, so the escapes must be Go's.
 */
export function goQuote(text: string): string {
  let quoted = '"';
  for (const char of text) quoted += quoteChar(char);
  return quoted + '"';
}

function quoteChar(char: string): string {
  const short = SHORT_ESCAPES[char];
  if (short !== undefined) return short;

  const point = char.codePointAt(0) ?? 0;
  // A lone surrogate cannot reach Go as text; Go would have read U+FFFD in its place.
  if (point >= 0xd800 && point <= 0xdfff) return '\ufffd';
  if (PRINTABLE.test(char)) return char;

  if (point < 0x80) return `\\x${hex(point, 2)}`;
  if (point < 0x10000) return `\\u${hex(point, 4)}`;
  return `\\U${hex(point, 8)}`;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}
