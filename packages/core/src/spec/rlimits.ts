import type { OciRlimit } from '@skiff/contracts';
import { InvalidArgument } from '@skiff/contracts';

const ULIMIT_TYPES: Record<string, string> = {
  core: 'RLIMIT_CORE',
  cpu: 'RLIMIT_CPU',
  data: 'RLIMIT_DATA',
  fsize: 'RLIMIT_FSIZE',
  locks: 'RLIMIT_LOCKS',
  memlock: 'RLIMIT_MEMLOCK',
  msgqueue: 'RLIMIT_MSGQUEUE',
  nice: 'RLIMIT_NICE',
  nofile: 'RLIMIT_NOFILE',
  nproc: 'RLIMIT_NPROC',
  rss: 'RLIMIT_RSS',
  rtprio: 'RLIMIT_RTPRIO',
  rttime: 'RLIMIT_RTTIME',
  sigpending: 'RLIMIT_SIGPENDING',
  stack: 'RLIMIT_STACK',
  as: 'RLIMIT_AS',
};

// Podman raises these two for rootful containers; the values are its defaults.
const ENGINE_DEFAULTS: OciRlimit[] = [
  { type: 'RLIMIT_NOFILE', soft: 1048576, hard: 1048576 },
  { type: 'RLIMIT_NPROC', soft: 4194304, hard: 4194304 },
];

// The largest value an rlimit can hold; JSON numbers above 2^53 lose precision, and runc
// reads this one as RLIM_INFINITY.
const UNLIMITED = 18446744073709551615;

/**
 * engineRlimits returns Podman's default limits capped at the caller's hard limits: a default
 * above them makes runc fail (this machine's hard RLIMIT_NOFILE is 20000).
 */
export function engineRlimits(hardLimits: Readonly<Record<string, number>>): OciRlimit[] {
  return ENGINE_DEFAULTS.map((limit) => {
    const cap = hardLimits[limit.type] ?? Number.MAX_SAFE_INTEGER;
    return { type: limit.type, soft: Math.min(limit.soft, cap), hard: Math.min(limit.hard, cap) };
  });
}

/** parseUlimit reads `--ulimit name=soft[:hard]` (`-1` for unlimited) into an OCI rlimit. */
export function parseUlimit(text: string): OciRlimit {
  const fail = (reason: string): never => {
    throw new InvalidArgument(
      `ulimit option "${text}" requires name=SOFT:HARD, failed to be parsed: ${reason}`,
    );
  };
  const eq = text.indexOf('=');
  if (eq < 0) fail(`invalid ulimit argument: ${text}`);

  const name = text.slice(0, eq);
  const type = ULIMIT_TYPES[name] ?? fail(`invalid ulimit type: ${name}`);
  const [softText, hardText = softText, extra] = text.slice(eq + 1).split(':');
  if (extra !== undefined) fail(`too many limit value arguments - ${text.slice(eq + 1)}`);
  const soft = parseLimit(softText, fail);
  const hard = parseLimit(hardText, fail);
  if (soft > hard) fail(`ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`);
  return { type, soft, hard };
}

function parseLimit(text: string, fail: (reason: string) => never): number {
  if (text === '-1') return UNLIMITED;
  if (!/^-?\d+$/.test(text)) fail(`strconv.ParseInt: parsing "${text}": invalid syntax`);
  const value = Number(text);
  if (value < 0) fail(`invalid ulimit value: ${text}`);
  return value;
}

/** mergeRlimits lets later limits of the same type replace earlier ones, keeping order. */
export function mergeRlimits(...groups: OciRlimit[][]): OciRlimit[] {
  const byType = new Map<string, OciRlimit>();
  for (const limit of groups.flat()) byType.set(limit.type, limit);
  return [...byType.values()];
}
