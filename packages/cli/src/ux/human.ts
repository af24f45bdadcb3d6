// Podman prints ages and sizes through Docker's go-units helpers; these reproduce that
// wording ("About a minute ago", "2.02 MB") so that scripts and eyes see the same thing.

/** humanDuration renders a past duration in milliseconds the way Podman's tables do. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

/** ago renders an ISO timestamp as "<duration> ago" relative to now. */
export function ago(iso: string, now = Date.now()): string {
  return `${humanDuration(Math.max(0, now - Date.parse(iso)))} ago`;
}

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** humanSize renders bytes in decimal units with three significant digits ("1.23 MB"). */
export function humanSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(3))} ${UNITS[unit]}`;
}
