/** FloatFormat is a conversion of Go's strconv.FormatFloat: %e, %E, %f, %g or %G. */
export type FloatFormat = 'e' | 'E' | 'f' | 'g' | 'G';

interface Decimal {
  /** digits are the significant decimal digits, without trailing zeros; '' for zero. */
  digits: string;
  /** point is where the decimal point goes: the value is 0.digits x 10^point. */
  point: number;
}

/**
 * formatFloat prints a float as Go's strconv.FormatFloat does, for finite and infinite values.
 * A negative precision asks for the fewest digits that read back as the same number; otherwise
 * the exact binary value is rounded half to even, as Go does, rather than JavaScript's
 * toFixed, which rounds half away from zero.
 */
export function formatFloat(value: number, format: FloatFormat, precision: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';

  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const magnitude = Math.abs(value);
  const shortest = precision < 0;
  const decimal = shortest
    ? shortestDecimal(magnitude)
    : roundedDecimal(magnitude, format, precision);
  return sign + layout(decimal, format, precision, shortest);
}

function layout(
  decimal: Decimal,
  format: FloatFormat,
  precision: number,
  shortest: boolean,
): string {
  const count = decimal.digits.length;
  switch (format) {
    case 'e':
    case 'E':
      return exponential(decimal, shortest ? Math.max(count - 1, 0) : precision, format);
    case 'f':
      return fixed(decimal, shortest ? Math.max(count - decimal.point, 0) : precision);
  }
  return general(decimal, format, precision, shortest);
}

/** general is %g: exponent form for large and small exponents, plain digits otherwise. */
function general(decimal: Decimal, format: 'g' | 'G', precision: number, shortest: boolean) {
  const count = decimal.digits.length;
  let wanted = shortest ? count : precision === 0 ? 1 : precision;
  let limit = wanted;
  if (limit > count && count >= decimal.point) limit = count;
  // Go decides on the exponent form as if six digits were asked for when printing the
  // shortest form, which is why fmt prints 1e+06 for a million.
  if (shortest) limit = 6;

  const exponent = decimal.point - 1;
  if (exponent < -4 || exponent >= limit) {
    return exponential(decimal, Math.min(wanted, count) - 1, format === 'g' ? 'e' : 'E');
  }
  if (wanted > decimal.point) wanted = count;
  return fixed(decimal, Math.max(wanted - decimal.point, 0));
}

function exponential(decimal: Decimal, precision: number, letter: string): string {
  const { digits, point } = decimal;
  let out = digits[0] ?? '0';
  if (precision > 0) out += '.' + digits.slice(1, 1 + precision).padEnd(precision, '0');
  const exponent = digits.length === 0 ? 0 : point - 1;
  const sign = exponent < 0 ? '-' : '+';
  return `${out}${letter}${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

function fixed(decimal: Decimal, precision: number): string {
  const { digits, point } = decimal;
  const whole = point > 0 ? digits.slice(0, point).padEnd(point, '0') : '0';
  if (precision <= 0) return whole;
  let fraction = '';
  for (let i = 0; i < precision; i++) fraction += digits[point + i] ?? '0';
  return `${whole}.${fraction}`;
}

/** shortestDecimal takes JavaScript's shortest round-trip digits, which Go's match. */
function shortestDecimal(magnitude: number): Decimal {
  if (magnitude === 0) return { digits: '', point: 0 };
  const [mantissa, exponent] = magnitude.toExponential().split('e');
  const digits = mantissa.replace('.', '').replace(/0+$/, '');
  return { digits, point: Number(exponent) + 1 };
}

function roundedDecimal(magnitude: number, format: FloatFormat, precision: number): Decimal {
  const exact = exactDecimal(magnitude);
  if (exact.digits === '') return exact;
  let keep: number;
  if (format === 'f') keep = exact.point + precision;
  else if (format === 'e' || format === 'E') keep = precision + 1;
  else keep = precision === 0 ? 1 : precision;
  return roundHalfEven(exact, keep);
}

/** exactDecimal writes out every digit of a double, which is always a finite decimal. */
function exactDecimal(magnitude: number): Decimal {
  if (magnitude === 0) return { digits: '', point: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, magnitude);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  if (biased !== 0) mantissa |= 1n << 52n;
  const exponent = (biased === 0 ? 1 : biased) - 1075;

  // m x 2^-k is (m x 5^k) / 10^k, so the digits of m x 5^k are the digits of the value.
  const scaled = exponent >= 0 ? mantissa << BigInt(exponent) : mantissa * 5n ** BigInt(-exponent);
  const text = scaled.toString();
  const point = text.length + Math.min(exponent, 0);
  return { digits: text.replace(/0+$/, ''), point };
}

function roundHalfEven(decimal: Decimal, keep: number): Decimal {
  const { digits, point } = decimal;
  if (keep >= digits.length) return decimal;
  if (keep < 0) return { digits: '', point: 0 };

  const rest = digits.slice(keep);
  const previous = keep > 0 ? Number(digits[keep - 1]) : 0;
  const half = rest[0] === '5' && /^0*$/.test(rest.slice(1));
  const up = rest[0] > '5' || (rest[0] === '5' && (!half || previous % 2 === 1));
  if (!up) return trimmed(digits.slice(0, keep), point);
  return carry(digits.slice(0, keep), point);
}

function carry(kept: string, point: number): Decimal {
  const chars = kept.split('');
  let at = chars.length - 1;
  while (at >= 0 && chars[at] === '9') chars[at--] = '0';
  if (at < 0) return trimmed('1' + chars.join(''), point + 1);
  chars[at] = String(Number(chars[at]) + 1);
  return trimmed(chars.join(''), point);
}

function trimmed(digits: string, point: number): Decimal {
  const kept = digits.replace(/0+$/, '');
  return kept === '' ? { digits: '', point: 0 } : { digits: kept, point };
}
