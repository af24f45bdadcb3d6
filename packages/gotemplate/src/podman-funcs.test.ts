import { describe, expect, it } from 'vitest';

import { parseTemplate } from './template.js';
import { TemplateError } from './template-error.js';

function run(text: string, data?: unknown): string {
  return parseTemplate(text, { name: 't' }).execute(data);
}

describe('json', () => {
  it('writes compact JSON, without escaping HTML characters', () => {
    expect(run('{{json .}}', { Name: '<web>', Ports: [80, 443], On: true, Off: null })).toBe(
      '{"Name":"<web>","Ports":[80,443],"On":true,"Off":null}',
    );
  });

  it('writes dates as Go writes a time, and leaves out undefined fields', () => {
    const data = { Created: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), Gone: undefined };
    expect(run('{{json .}}', data)).toBe('{"Created":"2024-01-02T03:04:05Z"}');
  });

  it('writes null for a missing value and Maps as objects', () => {
    expect(run('{{json .Nope}} {{json .M}}', { M: new Map([['k', 1]]) })).toBe('null {"k":1}');
  });

  it('prints a string as a JSON string', () => {
    expect(run('{{json "a\\"b"}}')).toBe('"a\\"b"');
  });
});

describe('string functions', () => {
  it('changes case', () => {
    expect(run('{{lower "ABC"}} {{upper "abc"}} {{"x" | upper}}')).toBe('abc ABC X');
  });

  it('titles each word as strings.Title does', () => {
    expect(run('{{title "hello wide-world_x óla"}}')).toBe('Hello Wide-World_x Óla');
  });

  it('joins and splits', () => {
    expect(
      run('{{join .Names ", "}}|{{split "a:b:c" ":"}}|{{join (split "a b" " ") "+"}}', {
        Names: ['web', 'db'],
      }),
    ).toBe('web, db|[a b c]|a+b');
  });

  it('joins arrays of other values as they print', () => {
    expect(run('{{join . "-"}}', [1, 'a', true])).toBe('1-a-true');
  });

  it('truncates to a number of characters', () => {
    expect(run('{{truncate "abcdef" 3}} {{truncate "ab" 3}}')).toBe('abc ab');
  });

  it('pads non-empty strings only', () => {
    expect(run('[{{pad "x" 2 1}}][{{pad "" 2 1}}]')).toBe('[  x ][]');
  });

  it('refuses values of the wrong type, as Go does before calling', () => {
    const failure = () => run('{{upper 1}}');
    expect(failure).toThrow(TemplateError);
    expect(failure).toThrow(
      'template: t:1:2: executing "t" at <upper 1>: wrong type for value; expected string; got int',
    );
  });
});
