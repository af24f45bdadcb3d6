const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/**
 * unquote decodes a Go string or character literal as written in a template (`"a\tb"`,
 * `` `raw` ``, `'x'`). It returns undefined for a literal Go would reject.
 *
 * Go's `\xHH` and octal escapes make bytes; here they make the character with that code, which
 * is the same for ASCII.
 */
export function unquote(literal: string): string | undefined {
  const quote = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== quote) return undefined;
  const body = literal.slice(1, -1);
  if (quote === '`') return body.replace(/\r/g, '');
  if (quote !== '"' && quote !== "'") return undefined;
  return decodeEscapes(body, quote);
}

function decodeEscapes(body: string, quote: string): string | undefined {
  let out = '';
  let at = 0;
  while (at < body.length) {
    const ch = body[at];
    if (ch === quote) return undefined;
    if (ch !== '\\') {
      out += ch;
      at++;
      continue;
    }
    const decoded = decodeEscape(body, at + 1, quote);
    if (decoded === undefined) return undefined;
    out += decoded.text;
    at = decoded.next;
  }
  return out;
}

function decodeEscape(
  body: string,
  at: number,
  quote: string,
): { text: string; next: number } | undefined {
  const ch = body[at];
  if (ch === undefined) return undefined;
  if (ch in SIMPLE_ESCAPES) return { text: SIMPLE_ESCAPES[ch], next: at + 1 };
  if (ch === quote) return { text: ch, next: at + 1 };

  const hexLength = ch === 'x' ? 2 : ch === 'u' ? 4 : ch === 'U' ? 8 : 0;
  if (hexLength > 0) {
    return decodeCode(body.slice(at + 1, at + 1 + hexLength), 16, hexLength, at - 1);
  }
  if (ch >= '0' && ch <= '7') return decodeCode(body.slice(at, at + 3), 8, 3, at - 1);
  return undefined;
}

function decodeCode(
  digits: string,
  radix: number,
  length: number,
  escapeAt: number,
): { text: string; next: number } | undefined {
  const valid = radix === 16 ? /^[0-9a-fA-F]+$/ : /^[0-7]+$/;
  if (digits.length !== length || !valid.test(digits)) return undefined;
  const code = parseInt(digits, radix);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  const consumed = radix === 16 ? 2 + length : 1 + length;
  return { text: String.fromCodePoint(code), next: escapeAt + consumed };
}

/** unquoteChar decodes a character literal to its code point, or undefined if it is invalid. */
export function unquoteChar(literal: string): number | undefined {
  const text = unquote(literal);
  if (text === undefined || [...text].length !== 1) return undefined;
  return text.codePointAt(0);
}
