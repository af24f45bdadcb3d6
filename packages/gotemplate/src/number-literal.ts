/**
 * parseNumberLiteral reads a Go number constant as the lexer found it: decimal, `0x`, `0o`,
 * `0b` or a leading-zero octal integer, a decimal or hexadecimal float, with `_` separators.
 * It returns undefined for text Go would reject, and for imaginary numbers, which Skiff's
 * templates do not support.
 */
export function parseNumberLiteral(text: string): number | undefined {
  if (text.endsWith('i')) return undefined;
  const sign = text.startsWith('-') ? -1 : 1;
  const unsigned = text.replace(/^[+-]/, '');
  if (/^_|_$|__/.test(unsigned)) return undefined;
  const body = unsigned.replace(/_/g, '');
  const value = parseUnsigned(body);
  return value === undefined ? undefined : sign * value;
}

function parseUnsigned(body: string): number | undefined {
  const prefixed = /^0([xXoObB])(.+)$/.exec(body);
  if (prefixed) {
    const base = { x: 16, o: 8, b: 2 }[prefixed[1].toLowerCase() as 'x' | 'o' | 'b'];
    if (base === 16 && /[.pP]/.test(prefixed[2])) return parseHexFloat(prefixed[2]);
    return parseInteger(prefixed[2], base);
  }
  // A leading zero alone makes an octal integer in Go, as in C.
  if (/^0[0-9]+$/.test(body)) return parseInteger(body.slice(1), 8);
  if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(body)) return undefined;
  return Number(body);
}

function parseInteger(digits: string, base: number): number | undefined {
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 16: /^[0-9a-fA-F]+$/ }[base as 2 | 8 | 16];
  if (!valid.test(digits)) return undefined;
  let value = 0;
  for (const digit of digits) value = value * base + parseInt(digit, base);
  return value;
}

function parseHexFloat(text: string): number | undefined {
  const match = /^([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(text);
  if (!match || match[1] + (match[2] ?? '') === '') return undefined;
  const whole = match[1] === '' ? 0 : parseInt(match[1], 16);
  const fraction = match[2] ?? '';
  const fractionValue = fraction === '' ? 0 : parseInt(fraction, 16) / 16 ** fraction.length;
  return (whole + fractionValue) * 2 ** Number(match[3]);
}
