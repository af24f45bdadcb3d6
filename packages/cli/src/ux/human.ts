// Podman prints ages and sizes through Docker's go-units helpers; these reproduce that
// wording ("About a minute ago", "2.02 MB") so that scripts and eyes see the same thing.

/** humanDuration renders a past duration in milliseconds the way Podman's tables do. */
export function humanDuration(ms: number): string {
  // go-units truncates seconds and minutes but rounds hours, and counts years from the
  // truncated hours, so each unit below is taken from `ms` the way it does.
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(ms / 3_600_000) / 24 / 365)} years`;
}

/** ago renders an ISO timestamp as "<duration> ago" relative to now. */
export function ago(iso: string, now = Date.now()): string {
  return `${humanDuration(Math.max(0, now - Date.parse(iso)))} ago`;
}

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** humanSize renders bytes in decimal units with three significant digits ("1.23 MB"). */
export function humanSize(bytes: number): string {
  const [value, unit] = scaled(bytes);
  return `${goFloatG(value, 3)} ${unit}`;
}

/** compactSize is humanSize without the space ("1.23MB"), as `ps --size` prints sizes. */
export function compactSize(bytes: number): string {
  const [value, unit] = scaled(bytes);
  return `${goFloatG(value, 3)}${unit}`;
}

/**
 * preciseSize is go-units' HumanSize, which `system df` and the prune reports print: four
 * significant digits and no space ("2.131MB", "0B").
 */
export function preciseSize(bytes: number): string {
  const [value, unit] = scaled(bytes);
  return `${goFloatG(value, 4)}${unit}`;
}

function scaled(bytes: number): [number, string] {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return [value, UNITS[unit]];
}

/**
 * goFloatG formats a number as Go's `%.<precision>g`: significant digits without trailing
 * zeros, an exponent of at least two digits once rounding reaches the precision (999.5 kB
 * prints as `1e+03 kB` in Podman), and exact halves rounded to even, as Go rounds them.
 */
export function goFloatG(value: number, precision: number): string {
  if (value === 0) return '0';
  const text = roundHalfEven(value, precision).toPrecision(precision);
  const [mantissa, exponent] = text.split('e');
  const digits = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  if (exponent === undefined) return digits;
  const power = Number(exponent);
  const sign = power < 0 ? '-' : '+';
  return `${digits}e${sign}${String(Math.abs(power)).padStart(2, '0')}`;
}

// JavaScript rounds a tie away from zero; a double's exact decimal form (toPrecision(100)
// gives all of it) tells a true tie, which is nudged down when its kept digit is even.
function roundHalfEven(value: number, precision: number): number {
  const exact = Math.abs(value).toPrecision(100).replace('.', '');
  const significant = exact.replace(/^0+/, '').replace(/e.*$/, '');
  const rest = significant.slice(precision);
  const isTie = rest[0] === '5' && /^0*$/.test(rest.slice(1));
  const keptEven = Number(significant[precision - 1]) % 2 === 0;
  if (!isTie || !keptEven) return value;
  return value - Math.sign(value) * Math.abs(value) * Number.EPSILON;
}
