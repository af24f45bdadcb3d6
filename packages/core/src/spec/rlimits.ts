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

// RLIM_INFINITY is 2^64-1, which a double cannot hold; 2^64 stands for it here and
// serializeSpec writes the exact value into config.json.
const UNLIMITED = 2 ** 64;

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
  const values = text.slice(eq + 1);
  const [softText, hardText = softText, extra] = values.split(':');
  if (extra !== undefined) {
    fail(`too many limit value arguments - ${values}, can only have up to two, \`soft[:hard]\``);
  }
  // go-units reads the hard limit first, so a pair with two bad values names the hard one.
  const hard = parseLimit(hardText, fail);
  const soft = parseLimit(softText, fail);
  if (soft > hard) {
    const shown = softText === '-1' ? `soft: -1 (unlimited), hard: ${hard}` : `${soft} > ${hard}`;
    fail(`ulimit soft limit must be less than or equal to hard limit: ${shown}`);
  }
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
