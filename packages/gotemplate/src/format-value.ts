import { formatFloat, type FloatFormat } from './float-format.js';
import { canBackquote, isPrintable, quote, quoteRune } from './quote.js';
import { mapEntries, typeName, valueKind } from './value-kind.js';

/** FormatSpec is one parsed printf directive: its flags, width, precision and verb. */
export interface FormatSpec {
  verb: string;
  plus?: boolean;
  minus?: boolean;
  sharp?: boolean;
  space?: boolean;
  zero?: boolean;
  width?: number;
  precision?: number;
  /** plusV is `%+v`: struct field names. For `v`, `+` means this, not a sign. */
  plusV?: boolean;
  /** sharpV is `%#v`: Go syntax. For `v`, `#` means this, not an alternate form. */
  sharpV?: boolean;
}

/** PLAIN_VALUE is `%v`, what `{{.}}` and `print` use. */
export const PLAIN_VALUE: FormatSpec = { verb: 'v' };

const STRINGER_VERBS = new Set(['v', 's', 'q', 'x', 'X']);
const FLOAT_VERBS = new Set(['v', 'e', 'E', 'f', 'F', 'g', 'G']);
const MAX_DEPTH = 64;

/**
 * formatValue formats one value as Go's fmt package formats an operand for `spec`. Arrays and
 * maps apply the directive to each element, so `%5d` of [1 2] pads both numbers, as in Go; a
 * verb that does not fit the value prints Go's `%!d(string=abc)`.
 */
export function formatValue(value: unknown, given: FormatSpec = PLAIN_VALUE, depth = 0): string {
  const spec = forVerb(given);
  if (spec.verb === 'T') return pad(typeName(value), spec);
  if (depth > MAX_DEPTH) return '...';

  const stringer = stringerText(value);
  if (stringer !== undefined && STRINGER_VERBS.has(spec.verb) && !isGoSyntax(spec)) {
    return formatString(stringer, spec) ?? badVerb(value, spec);
  }
  const formatted = formatByKind(value, spec, depth);
  return formatted ?? badVerb(value, spec);
}

function formatByKind(value: unknown, spec: FormatSpec, depth: number): string | undefined {
  switch (valueKind(value)) {
    case 'nil':
      return spec.verb === 'v' ? pad('<nil>', spec) : undefined;
    case 'bool':
      return spec.verb === 'v' || spec.verb === 't' ? pad(String(value), spec) : undefined;
    case 'int':
      return formatInteger(value as number | bigint, spec);
    case 'float':
      return formatFloatValue(value as number, spec);
    case 'string':
      return isGoSyntax(spec)
        ? pad(quote(value as string), spec)
        : formatString(value as string, spec);
    case 'array':
      return formatArray(Array.from(value as ArrayLike<unknown>), spec, depth);
    case 'map':
      return formatMap(value as object, spec, depth);
    case 'time':
      return pad(goTime(value as Date), spec);
    case 'func':
      return spec.verb === 'v' ? pad('<func>', spec) : undefined;
  }
  return formatStruct(value as object, spec, depth);
}

/** forVerb moves `+` and `#` of a `%v` to their meaning for it, as Go's fmt does. */
function forVerb(spec: FormatSpec): FormatSpec {
  if (spec.verb !== 'v' || (!spec.plus && !spec.sharp)) return spec;
  return { ...spec, plus: false, sharp: false, plusV: spec.plus, sharpV: spec.sharp };
}

function isGoSyntax(spec: FormatSpec): boolean {
  return spec.sharpV === true;
}

/** stringerText is the text of values Go would print through a String or Error method. */
function stringerText(value: unknown): string | undefined {
  if (value instanceof Date) return goTime(value);
  if (value instanceof Error) return value.message;
  if (valueKind(value) !== 'struct' || typeof value !== 'object' || value === null)
    return undefined;
  const toString = (value as { toString?: unknown }).toString;
  if (typeof toString !== 'function' || toString === Object.prototype.toString) return undefined;
  return String(toString.call(value));
}

/** badVerb is Go's report of a verb that does not apply: `%!d(string=abc)`. */
export function badVerb(value: unknown, spec: FormatSpec): string {
  if (value === null || value === undefined) return `%!${spec.verb}(<nil>)`;
  return `%!${spec.verb}(${typeName(value)}=${formatValue(value)})`;
}

/** pad widens text to the directive's width, counting characters, not UTF-16 units. */
export function pad(text: string, spec: FormatSpec): string {
  const missing = (spec.width ?? 0) - [...text].length;
  if (missing <= 0) return text;
  if (spec.minus) return text + ' '.repeat(missing);
  return (spec.zero ? '0' : ' ').repeat(missing) + text;
}

function padNumber(sign: string, digits: string, spec: FormatSpec): string {
  const width = spec.width ?? 0;
  if (spec.zero && !spec.minus && width > sign.length + digits.length) {
    return sign + '0'.repeat(width - sign.length - digits.length) + digits;
  }
  return pad(sign + digits, { ...spec, zero: false });
}

function signOf(negative: boolean, spec: FormatSpec): string {
  if (negative) return '-';
  if (spec.plus) return '+';
  return spec.space ? ' ' : '';
}

// Strings.

function formatString(text: string, spec: FormatSpec): string | undefined {
  const limited = spec.precision === undefined ? text : [...text].slice(0, spec.precision).join('');
  switch (spec.verb) {
    case 'v':
    case 's':
      return pad(limited, spec);
    case 'q':
      return pad(
        spec.sharp && canBackquote(limited) ? `\`${limited}\`` : quote(limited, spec.plus),
        spec,
      );
    case 'x':
    case 'X':
      return pad(hexBytes(Buffer.from(text, 'utf8'), spec), spec);
  }
  return undefined;
}

function hexBytes(bytes: Uint8Array, spec: FormatSpec): string {
  const limited = spec.precision === undefined ? bytes : bytes.subarray(0, spec.precision);
  const upper = spec.verb === 'X';
  const prefix = spec.sharp ? (upper ? '0X' : '0x') : '';
  const pairs = Array.from(limited, (byte) => {
    const pair = byte.toString(16).padStart(2, '0');
    return upper ? pair.toUpperCase() : pair;
  });
  if (spec.space) return pairs.map((pair) => prefix + pair).join(' ');
  return pairs.length === 0 ? '' : prefix + pairs.join('');
}

// Numbers.

function formatInteger(value: number | bigint, spec: FormatSpec): string | undefined {
  const n = BigInt(value);
  switch (spec.verb) {
    case 'c':
      return pad(String.fromCodePoint(validRune(n)), spec);
    case 'q':
      return pad(quoteRune(Number(n), spec.plus), spec);
    case 'U':
      return pad(unicodeNotation(n, spec), spec);
  }
  // Plain data cannot tell 2 from 2.0, so a whole number also takes the float verbs.
  if (FLOAT_VERBS.has(spec.verb) && spec.verb !== 'v') return formatFloatValue(Number(n), spec);
  const base = { v: 10, d: 10, b: 2, o: 8, O: 8, x: 16, X: 16 }[spec.verb];
  if (base === undefined) return undefined;
  return integerDigits(n, base, spec);
}

function integerDigits(n: bigint, base: number, spec: FormatSpec): string {
  const negative = n < 0n;
  let digits = (negative ? -n : n).toString(base);
  if (spec.verb === 'X') digits = digits.toUpperCase();
  if (spec.precision !== undefined) {
    digits = spec.precision === 0 && n === 0n ? '' : digits.padStart(spec.precision, '0');
  }

  const sign = signOf(negative, spec) + integerPrefix(digits, spec);
  if (spec.precision !== undefined) return pad(sign + digits, { ...spec, zero: false });
  return padNumber(sign, digits, spec);
}

function integerPrefix(digits: string, spec: FormatSpec): string {
  if (spec.verb === 'O') return '0o';
  if (!spec.sharp) return '';
  switch (spec.verb) {
    case 'b':
      return '0b';
    case 'o':
      return digits.startsWith('0') ? '' : '0';
    case 'x':
      return '0x';
    case 'X':
      return '0X';
  }
  return '';
}

function validRune(n: bigint): number {
  const code = Number(n);
  const valid = code >= 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
  return valid ? code : 0xfffd;
}

function unicodeNotation(n: bigint, spec: FormatSpec): string {
  const code = Number(n);
  const text = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const ch = String.fromCodePoint(validRune(n));
  return spec.sharp && isPrintable(ch) ? `${text} '${ch}'` : text;
}

// TODO: Go also prints floats in hexadecimal (%x, %X) and binary (%b); no Podman format uses
// them, so they print as bad verbs here.
function formatFloatValue(value: number, spec: FormatSpec): string | undefined {
  if (!FLOAT_VERBS.has(spec.verb)) return undefined;
  const verb = spec.verb === 'v' ? 'g' : spec.verb === 'F' ? 'f' : spec.verb;
  const fallback = verb === 'g' || verb === 'G' ? -1 : 6;
  let text = formatFloat(value, verb as FloatFormat, spec.precision ?? fallback);

  let sign = '';
  if (text.startsWith('-') || text.startsWith('+')) {
    sign = text[0];
    text = text.slice(1);
  }
  if (sign === '+') sign = spec.plus || !spec.space ? '+' : ' ';
  if (sign === '') sign = signOf(false, spec);
  // Go never pads infinities and NaN with zeros: they do not look like numbers.
  if (text === 'Inf' || text === 'NaN') return pad(sign + text, { ...spec, zero: false });
  return padNumber(sign, text, spec);
}

// Composite values.

function formatArray(items: unknown[], spec: FormatSpec, depth: number): string {
  if (isGoSyntax(spec)) {
    const inner = items.map((item) => formatValue(item, spec, depth + 1)).join(', ');
    return `[]interface {}{${inner}}`;
  }
  return `[${items.map((item) => formatValue(item, spec, depth + 1)).join(' ')}]`;
}

function formatMap(value: object, spec: FormatSpec, depth: number): string {
  const entries = mapEntries(value);
  const pair = ([key, item]: [unknown, unknown]) =>
    `${formatValue(key, spec, depth + 1)}:${formatValue(item, spec, depth + 1)}`;
  if (isGoSyntax(spec)) return `${typeName(value)}{${entries.map(pair).join(', ')}}`;
  return `map[${entries.map(pair).join(' ')}]`;
}

function formatStruct(value: object, spec: FormatSpec, depth: number): string {
  const entries = Object.entries(value);
  const named = spec.plusV || isGoSyntax(spec);
  const field = ([key, item]: [string, unknown]) => {
    const text = formatValue(item, spec, depth + 1);
    return named ? `${key}:${text}` : text;
  };
  if (isGoSyntax(spec)) return `${typeName(value)}{${entries.map(field).join(', ')}}`;
  return `{${entries.map(field).join(' ')}}`;
}

// Times.

/** goTime prints a Date as Go's time.Time String method does, in UTC. */
export function goTime(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) return '0001-01-01 00:00:00 +0000 UTC';
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${String(date.getUTCFullYear()).padStart(4, '0')}-${two(date.getUTCMonth() + 1)}-${two(
    date.getUTCDate(),
  )}`;
  const clock = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  const millis = date.getUTCMilliseconds();
  const fraction = millis === 0 ? '' : '.' + String(millis).padStart(3, '0').replace(/0+$/, '');
  return `${day} ${clock}${fraction} +0000 UTC`;
}
