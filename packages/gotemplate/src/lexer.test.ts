import { describe, expect, it } from 'vitest';

import { Lexer, type Token } from './lexer.js';

function kinds(text: string): string[] {
  return new Lexer(text).run().map((token: Token) => token.kind);
}

function lastError(text: string): string | undefined {
  const tokens = new Lexer(text).run();
  const last = tokens[tokens.length - 1];
  return last.kind === 'error' ? last.value : undefined;
}

describe('Lexer', () => {
  it('cuts text and a field action into tokens ending with eof', () => {
    expect(kinds('a {{.Name}} b')).toEqual([
      'text',
      'leftDelim',
      'field',
      'rightDelim',
      'text',
      'eof',
    ]);
  });

  it('keeps spaces inside actions as tokens, since the grammar depends on them', () => {
    expect(kinds('{{printf "%d" 3}}')).toEqual([
      'leftDelim',
      'identifier',
      'space',
      'string',
      'space',
      'number',
      'rightDelim',
      'eof',
    ]);
  });

  it('recognises keywords, booleans, nil, variables and declarations', () => {
    expect(kinds('{{if $x := true}}{{nil}}{{end}}')).toEqual([
      'leftDelim',
      'keyword',
      'space',
      'variable',
      'space',
      'declare',
      'space',
      'bool',
      'rightDelim',
      'leftDelim',
      'nil',
      'rightDelim',
      'leftDelim',
      'keyword',
      'rightDelim',
      'eof',
    ]);
  });

  it('lexes chained fields as one token per field', () => {
    const tokens = new Lexer('{{.State.Pid}}').run();
    expect(tokens.filter((t) => t.kind === 'field').map((t) => t.value)).toEqual([
      '.State',
      '.Pid',
    ]);
  });

  it('trims white space around actions with trim markers and drops comments', () => {
    const tokens = new Lexer('a \n{{- /* note */ -}}\n b').run();
    expect(tokens.map((t) => [t.kind, t.value])).toEqual([
      ['text', 'a'],
      ['text', 'b'],
      ['eof', ''],
    ]);
  });

  it('reads {{-3}} as the number -3, not a trim marker', () => {
    const tokens = new Lexer('x {{-3}}').run();
    expect(tokens.map((t) => t.value)).toEqual(['x ', '{{', '-3', '}}', '']);
  });

  it('allows newlines inside actions and raw strings', () => {
    expect(lastError('{{ $x \n := \n `a\nb` }}')).toBeUndefined();
  });

  it('reports unterminated literals and comments', () => {
    expect(lastError('{{"a}}')).toBe('unterminated quoted string');
    expect(lastError('{{`a}}')).toBe('unterminated raw quoted string');
    expect(lastError("{{'a}}")).toBe('unterminated character constant');
    expect(lastError('{{/*}}')).toBe('unclosed comment');
    expect(lastError('{{/* a */ x}}')).toBe('comment ends before closing delimiter');
  });

  it('reports an action left open at the end of the text', () => {
    const tokens = new Lexer('line1\n{{range').run();
    expect(tokens[tokens.length - 1]).toMatchObject({ kind: 'error', value: 'unclosed action' });
  });

  it('reports bad characters, bad numbers and unbalanced parentheses', () => {
    expect(lastError('{{a#}}')).toBe("bad character U+0023 '#'");
    expect(lastError('{{3k}}')).toBe('bad number syntax: "3k"');
    expect(lastError('{{.X (1 2 3}}')).toBe('unclosed left paren');
    expect(lastError('{{.X 1 2 3 ) }}')).toBe('unexpected right paren');
    expect(lastError('{{.X \u0007}}')).toBe("unrecognized character in action: U+0007 '\u0007'");
  });
});
