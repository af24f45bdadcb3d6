import { describe, expect, it } from 'vitest';

import { canBackquote, quote, quoteRune } from './quote.js';

describe('quote', () => {
  it('escapes quotes, backslashes and control characters as Go does', () => {
    expect(quote('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    expect(quote('\x07\b\f\n\r\t\v\x00\x7f')).toBe('"\\a\\b\\f\\n\\r\\t\\v\\x00\\x7f"');
  });

  it('keeps printable characters beyond ASCII, unless asked for ASCII', () => {
    expect(quote('héllo 世界')).toBe('"héllo 世界"');
    expect(quote('é😀', true)).toBe('"\\u00e9\\U0001f600"');
  });

  it('escapes non-printable characters beyond ASCII', () => {
    expect(quote('\u200b')).toBe('"\\u200b"');
  });
});

describe('quoteRune', () => {
  it('quotes characters, escaping the single quote', () => {
    expect(quoteRune(97)).toBe("'a'");
    expect(quoteRune(39)).toBe("'\\''");
    expect(quoteRune(10)).toBe("'\\n'");
    expect(quoteRune(0xd800)).toBe("'�'");
  });
});

describe('canBackquote', () => {
  it('allows tabs but not backquotes or other control characters', () => {
    expect(canBackquote('a\tb')).toBe(true);
    expect(canBackquote('a`b')).toBe(false);
    expect(canBackquote('a\nb')).toBe(false);
  });
});
