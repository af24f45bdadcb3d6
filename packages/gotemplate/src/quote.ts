const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** isPrintable is Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols, space. */
export function isPrintable(ch: string): boolean {
  return PRINTABLE.test(ch);
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

function escapeRune(ch: string, quoteChar: string, asciiOnly: boolean): string {
  const code = ch.codePointAt(0) ?? 0;
  if (ch === quoteChar || ch === '\\') return '\\' + ch;
  if (code < 0x80 ? isPrintable(ch) : !asciiOnly && isPrintable(ch)) return ch;
  if (ch in NAMED_ESCAPES) return NAMED_ESCAPES[ch];
  // A lone surrogate is what JavaScript has where Go would see invalid UTF-8.
  if (code >= 0xd800 && code <= 0xdfff) return '\\ufffd';
  if (code < 0x80) return `\\x${hex(code, 2)}`;
  if (code < 0x10000) return `\\u${hex(code, 4)}`;
  return `\\U${hex(code, 8)}`;
}

/**
 * quote is Go's strconv.Quote: a double-quoted string literal with Go escapes for control and
 * non-printable characters. With `asciiOnly` it is strconv.QuoteToASCII (printf's `%+q`).
 */
export function quote(text: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of text) out += escapeRune(ch, '"', asciiOnly);
  return out + '"';
}

/** quoteRune is Go's strconv.QuoteRune: `'a'`, `'\n'`. */
export function quoteRune(code: number, asciiOnly = false): string {
  const valid = code >= 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
  const ch = String.fromCodePoint(valid ? code : 0xfffd);
  return `'${escapeRune(ch, "'", asciiOnly)}'`;
}

/** canBackquote is Go's strconv.CanBackquote: the text fits in a raw string unchanged. */
export function canBackquote(text: string): boolean {
  for (const ch of text) {
    if (ch === '`' || ch === '\ufeff') return false;
    if (ch !== '\t' && !isPrintable(ch)) return false;
  }
  return true;
}
