import { describe, expect, it } from 'vitest';

import { parseTemplate } from './template.js';
import { TemplateError } from './template-error.js';

function run(text: string, data?: unknown): string {
  return parseTemplate(text, { name: 't' }).execute(data);
}

function reason(text: string, data?: unknown): string {
  try {
    run(text, data);
  } catch (error) {
    if (error instanceof TemplateError) return error.reason;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

describe('len', () => {
  it('measures strings in bytes, arrays and maps in entries', () => {
    expect(run('{{len "héllo"}} {{len .A}} {{len .M}}', { A: [1, 2, 3], M: { a: 1 } })).toBe(
      '6 3 1',
    );
  });

  it('refuses values without a length', () => {
    expect(reason('{{len 3}}')).toBe('error calling len: len of type int');
  });
});

describe('index', () => {
  const data = {
    A: [
      [1, 2],
      [3, 4],
    ],
    M: { 'io.podman/x': 'label' },
    S: 'abc',
  };

  it('indexes arrays, nested arrays and maps by any key', () => {
    expect(run('{{index .A 1}} {{index .A 1 0}} {{index .M "io.podman/x"}}', data)).toBe(
      '[3 4] 3 label',
    );
  });

  it('gives no value for a missing map key and the byte for a string index', () => {
    expect(run('{{index .M "nope"}} {{index .S 1}}', data)).toBe('<no value> 98');
  });

  it('returns the item itself without indexes', () => {
    expect(run('{{index .S}}', data)).toBe('abc');
  });

  it('reports an index out of range and a bad index type', () => {
    expect(reason('{{index .A 5}}', data)).toBe('error calling index: index out of range: 5');
    expect(reason('{{index .A "x"}}', data)).toBe(
      'error calling index: cannot index slice/array with type string',
    );
    expect(reason('{{index 3 0}}')).toBe("error calling index: can't index item of type int");
    expect(reason('{{index nil 0}}')).toBe('error calling index: index of untyped nil');
  });
});

describe('slice', () => {
  it('slices arrays and strings like Go slice expressions', () => {
    expect(
      run('{{slice .A 1}} {{slice .A 1 2}} {{slice .A}} {{slice "abcdef" 2 4}}', {
        A: [1, 2, 3],
      }),
    ).toBe('[2 3] [2] [1 2 3] cd');
  });

  it('reports bad bounds', () => {
    expect(reason('{{slice "abc" 2 1}}')).toBe('error calling slice: invalid slice index: 2 > 1');
    expect(reason('{{slice "abc" 0 9}}')).toBe('error calling slice: index out of range: 9');
    expect(reason('{{slice "abc" 0 1 2}}')).toBe(
      'error calling slice: cannot 3-index slice a string',
    );
  });
});

describe('print, printf and println', () => {
  it('prints as fmt.Sprint, Sprintf and Sprintln do', () => {
    expect(run('{{print 1 2 "a" "b" 3}}|{{printf "%d-%s" 1 "x"}}|{{println "a" 1}}')).toBe(
      '1 2ab3|1-x|a 1\n',
    );
  });

  it('takes the piped value as the last argument of printf', () => {
    expect(run('{{.Name | printf "%s-x"}}', { Name: 'web' })).toBe('web-x');
  });

  it('wants a string as the format', () => {
    expect(reason('{{printf 1}}')).toBe('wrong type for value; expected string; got int');
  });
});

describe('html, js and urlquery', () => {
  it('escapes for HTML', () => {
    expect(run('{{html "<a href=\\"x\\">Tom & Jerry\'s</a>"}}')).toBe(
      '&lt;a href=&#34;x&#34;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });

  it('escapes for JavaScript', () => {
    expect(run('{{js "it\'s <b>\\"x\\" & y=1\\n"}}')).toBe(
      'it\\\'s \\u003Cb\\u003E\\"x\\" \\u0026 y\\u003D1\\u000A',
    );
  });

  it('escapes for URL queries', () => {
    expect(run('{{urlquery "a b&c=d/é"}}')).toBe('a+b%26c%3Dd%2F%C3%A9');
  });

  it('prints several arguments as print would before escaping', () => {
    expect(run('{{html 1 2 "<"}}')).toBe('1 2&lt;');
  });
});

describe('call', () => {
  it('calls a function value with arguments', () => {
    expect(run('{{call .Add 2 3}}', { Add: (a: number, b: number) => a + b })).toBe('5');
  });

  it('refuses a value that is not a function', () => {
    expect(reason('{{call .X}}', { X: 1 })).toBe('error calling call: non-function of type int');
  });
});
