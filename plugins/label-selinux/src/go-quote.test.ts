import { describe, expect, it } from 'vitest';

import { goQuote } from './go-quote.js';

describe('goQuote', () => {
  it('wraps plain text in double quotes', () => {
    expect(goQuote('bogus')).toBe('"bogus"');
    expect(goQuote('')).toBe('""');
  });

  it('escapes quotes and backslashes', () => {
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('uses the short escapes for common control characters', () => {
    expect(goQuote('\x07\b\f\n\r\t\v')).toBe('"\\a\\b\\f\\n\\r\\t\\v"');
  });

  it('spells other ASCII control characters as \\x', () => {
    expect(goQuote('\x00\x1b\x7f')).toBe('"\\x00\\x1b\\x7f"');
  });

  it('keeps printable non-ASCII text and escapes non-printable code points', () => {
    expect(goQuote('étiquette ✓')).toBe('"étiquette ✓"');
    expect(goQuote('\u00a0\u0085')).toBe('"\\u00a0\\u0085"');
    expect(goQuote('\u{e0001}')).toBe('"\\U000e0001"');
  });
});
