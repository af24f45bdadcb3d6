import { InvalidArgument } from '@skiff/contracts';

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
};

/** LOG_DRIVERS are the `--log-driver` values Skiff's monitor supports. */
export const LOG_DRIVERS: readonly string[] = ['k8s-file', 'none'];

/** checkLogOptions refuses a log driver or `--log-opt` entry that Skiff cannot honour. */
export function checkLogOptions(driver: string | undefined, opts: readonly string[] = []): void {
  if (driver !== undefined && !LOG_DRIVERS.includes(driver)) {
    throw new InvalidArgument(`invalid log driver: ${driver}`);
  }
  logSizeMax(opts, -1);
}

/**
 * logSizeMax returns the `max-size` of `--log-opt` in bytes (decimal units, as Podman reads
 * them: `10k` is 10,000 bytes), or `configured` (containers.conf `log_size_max`) when absent.
 */
export function logSizeMax(opts: readonly string[] = [], configured: number): number {
  const entry = opts.find((opt) => opt.startsWith('max-size='));
  if (entry === undefined) return configured;

  const value = entry.slice('max-size='.length);
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value);
  const unit = SIZE_UNITS[(match?.[2] ?? '').toLowerCase()];
  if (!match || unit === undefined) {
    throw new InvalidArgument(`invalid max log size "${value}"`);
  }
  return Math.floor(Number(match[1]) * unit);
}
