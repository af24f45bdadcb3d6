import { describe, expect, it } from 'vitest';

import { parseNumberLiteral } from './number-literal.js';
import { textPosition } from './text-position.js';
import { unquote, unquoteChar } from './unquote.js';

describe('parseNumberLiteral', () => {
  it.each<[string, number]>([
    ['0', 0],
    ['73', 73],
    ['7_3', 73],
    ['0b1001001', 73],
    ['0o111', 73],
    ['0111', 73],
    ['0x49', 73],
    ['-73', -73],
    ['+73', 73],
    ['1e9', 1e9],
    ['-1.2', -1.2],
    ['.5', 0.5],
    ['0x_1p4', 16],
    ['0x1p-4', 1 / 16],
  ])('reads %j as %d', (text, value) => {
    expect(parseNumberLiteral(text)).toBe(value);
  });

  it.each(['4i', '0x', '1__0', '_1', '089', '1e'])('rejects %j', (text) => {
    expect(parseNumberLiteral(text)).toBeUndefined();
  });
});

describe('unquote', () => {
  it('decodes Go escapes in double-quoted strings', () => {
    expect(unquote('"a\\tb\\n\\\\\\"\\x41\\u00e9\\U0001F600\\101"')).toBe('a\tb\n\\"Aé😀A');
  });

  it('keeps raw strings as they are, without carriage returns', () => {
    expect(unquote('`a\\n\r\nb`')).toBe('a\\n\nb');
  });

  it('rejects escapes Go does not know', () => {
    expect(unquote('"\\q"')).toBeUndefined();
    expect(unquote('"\\\'"')).toBeUndefined();
  });

  it('decodes character constants to code points', () => {
    expect(unquoteChar("'a'")).toBe(97);
    expect(unquoteChar("'\\''")).toBe(39);
    expect(unquoteChar("'パ'")).toBe(0x30d1);
    expect(unquoteChar("'ab'")).toBeUndefined();
  });
});

describe('textPosition', () => {
  it('counts lines from 1 and columns in bytes from 0', () => {
    expect(textPosition('ab\ncd', 4)).toEqual({ offset: 4, line: 2, column: 1 });
    expect(textPosition('é{{', 1)).toEqual({ offset: 1, line: 1, column: 2 });
    expect(textPosition('', 0)).toEqual({ offset: 0, line: 1, column: 0 });
  });
});
