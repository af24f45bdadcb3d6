import { describe, expect, it } from 'vitest';

import { sprint, sprintf, sprintln } from './sprintf.js';

describe('sprintf', () => {
  it.each<[string, unknown[], string]>([
    ['%s', ['abc'], 'abc'],
    ['%d', [42], '42'],
    ['%d', [-42], '-42'],
    ['%v', [42], '42'],
    ['%t', [true], 'true'],
    ['%%', [], '%'],
    ['%5s|', ['ab'], '   ab|'],
    ['%-10s|', ['ab'], 'ab        |'],
    ['%.2s', ['abcdef'], 'ab'],
    ['%05d', [42], '00042'],
    ['%-5d|', [42], '42   |'],
    ['%+d', [42], '+42'],
    ['% d', [42], ' 42'],
    ['%x', [255], 'ff'],
    ['%X', [255], 'FF'],
    ['%#x', [255], '0xff'],
    ['%x', [-255], '-ff'],
    ['%o', [8], '10'],
    ['%#o', [8], '010'],
    ['%O', [8], '0o10'],
    ['%b', [5], '101'],
    ['%c', [65], 'A'],
    ['%U', [0x1f600], 'U+1F600'],
    ['%q', [97], "'a'"],
    ['%.3d', [7], '007'],
    ['%x', ['hi'], '6869'],
    ['% x', ['hi'], '68 69'],
    ['%X', ['hi'], '6869'],
  ])('formats %j of %j as %j', (format, args, expected) => {
    expect(sprintf(format, args)).toBe(expected);
  });

  it.each<[string, unknown[], string]>([
    ['%f', [3.14159], '3.141590'],
    ['%.2f', [3.14159], '3.14'],
    ['%8.3f|', [3.14159], '   3.142|'],
    ['%-8.1f|', [2.25], '2.2     |'],
    ['%08.2f', [-3.5], '-0003.50'],
    ['%+.1f', [2], '+2.0'],
    ['%e', [123456.789], '1.234568e+05'],
    ['%E', [0.000123], '1.230000E-04'],
    ['%g', [0.000012345], '1.2345e-05'],
    ['%.3g', [1234.5678], '1.23e+03'],
    ['%.2f', [2], '2.00'],
    ['%v', [1.5], '1.5'],
    ['%v', [1e21], '1e+21'],
    ['%v', [0.1 + 0.2], '0.30000000000000004'],
    ['%f', [Infinity], '+Inf'],
    ['%5.1f|', [NaN], '  NaN|'],
  ])('formats float directive %j of %j as %j', (format, args, expected) => {
    expect(sprintf(format, args)).toBe(expected);
  });

  it('quotes strings with Go escapes, and as ASCII with %+q', () => {
    expect(sprintf('%q', ['a"b\n\t\u0001é'])).toBe('"a\\"b\\n\\t\\x01é"');
    expect(sprintf('%+q', ['é'])).toBe('"\\u00e9"');
    expect(sprintf('%#q', ['raw'])).toBe('`raw`');
  });

  it('formats arrays and maps element by element, as Go does', () => {
    expect(sprintf('%v', [['a', 'b', 'c']])).toBe('[a b c]');
    expect(sprintf('%q', [['a', 'b']])).toBe('["a" "b"]');
    expect(sprintf('%3d', [[1, 2]])).toBe('[  1   2]');
    expect(sprintf('%v', [{ b: 2, a: 1 }])).toBe('map[a:1 b:2]');
    expect(sprintf('%s', [{ k: ['x'] }])).toBe('map[k:[x]]');
  });

  it('prints Go syntax with %#v', () => {
    expect(sprintf('%#v', [{ a: 'x', b: [1] }])).toBe(
      'map[string]interface {}{"a":"x", "b":[]interface {}{1}}',
    );
  });

  it('names types with %T', () => {
    expect(sprintf('%T %T %T %T %T %T', ['a', 1, 1.5, true, [], null])).toBe(
      'string int float64 bool []interface {} <nil>',
    );
  });

  it('reports verbs that do not fit the value as Go does', () => {
    expect(sprintf('%d', ['abc'])).toBe('%!d(string=abc)');
    expect(sprintf('%s', [5])).toBe('%!s(int=5)');
    expect(sprintf('%d', [1.5])).toBe('%!d(float64=1.5)');
    expect(sprintf('%s', [null])).toBe('%!s(<nil>)');
    expect(sprintf('%z', [true])).toBe('%!z(bool=true)');
  });

  it('reports missing and extra arguments', () => {
    expect(sprintf('%s %s', ['a'])).toBe('a %!s(MISSING)');
    expect(sprintf('%s', ['a', 2, 'b'])).toBe('a%!(EXTRA int=2, string=b)');
    expect(sprintf('%', [])).toBe('%!(NOVERB)');
  });

  it('takes width and precision from arguments with *', () => {
    expect(sprintf('%*d|%-*d|%.*f', [4, 7, 3, 1, 2, 3.14159])).toBe('   7|1  |3.14');
    expect(sprintf('%*d', ['x', 1])).toBe('%!(BADWIDTH)1');
  });

  it('picks arguments by index', () => {
    expect(sprintf('%[2]s %[1]s %s', ['a', 'b'])).toBe('b a b');
    expect(sprintf('%[3]s', ['a'])).toBe('%!s(BADINDEX)');
  });

  it('counts width in characters, not UTF-16 units', () => {
    expect(sprintf('%4s|', ['é😀'])).toBe('  é😀|');
  });
});

describe('sprint and sprintln', () => {
  it('puts spaces between operands when neither is a string', () => {
    expect(sprint(['a', 1, 2, 'b', 'c', true, false])).toBe('a1 2bctrue false');
  });

  it('always separates operands and ends the line with sprintln', () => {
    expect(sprintln(['a', 1, 'b'])).toBe('a 1 b\n');
  });

  it('prints nil operands as <nil>', () => {
    expect(sprint([null, undefined])).toBe('<nil> <nil>');
  });
});
