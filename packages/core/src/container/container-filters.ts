import { InvalidArgument } from '@skiff/contracts';

import { parseTimeInput } from '../logs/time-input.js';
import type { StoredContainer } from '../state/container-store.js';
import type { VolumeAttachment } from '../volume/volume-attachments.js';
import { matchLabels } from './label-match.js';

// A table of filters, one entry per key, so longer than most files: each reproduces how
// Podman 4.3.1's `ps --filter` (libpod's GenerateContainerFilterFuncs) reads its key.

/** ContainerPredicate keeps or drops one container. */
export type ContainerPredicate = (container: StoredContainer) => boolean;

/** ContainerFilterContext gives filters what a container record alone does not hold. */
export interface ContainerFilterContext {
  /** Resolves a `before`/`since` value; throws NoSuchContainer as Podman's lookup does. */
  resolve(nameOrId: string): StoredContainer;
  /** The container's labels: the image's, overridden by its own. */
  labels(container: StoredContainer): Record<string, string>;
  /** The container's user mounts, for `volume`. */
  volumes(container: StoredContainer): VolumeAttachment[];
  /** The clock, in milliseconds, for `until` durations. */
  now?: () => number;
}

type FilterMaker = (values: string[], context: ContainerFilterContext) => ContainerPredicate;

/** STATES are the values `status` accepts, as Podman's StringToContainerStatus reads them. */
const STATES = [
  'created',
  'running',
  'stopped',
  'paused',
  'exited',
  'unknown',
  'initialized',
  'removing',
];
const RESTART_POLICIES = ['none', 'no', 'on-failure', 'always', 'unless-stopped'];

const FILTERS: Record<string, FilterMaker> = {
  ancestor: (values) => (c) => values.some((value) => isAncestor(c, value)),
  before: (values, context) => {
    const time = earliestCreated(values, context);
    return (c) => Date.parse(c.created) < time;
  },
  exited: (values) => {
    const codes = values.map(parseExitCode);
    return (c) => hasExited(c) && codes.includes(c.state.exitCode);
  },
  // Skiff has no health checks yet: no container is in any health state.
  health: () => () => false,
  id: (values) => (c) => matchesAnyRegex(c.id, values),
  label: (values, context) => (c) => matchLabels(values, context.labels(c)),
  name: (values) => (c) => matchesAnyRegex(c.name, values),
  // Skiff's containers join no named network, and there are no pods.
  network: () => () => false,
  pod: () => () => false,
  'restart-policy': (values) => {
    checkRestartPolicies(values);
    return (c) => values.some((value) => restartPolicyOf(c) === (value === 'none' ? '' : value));
  },
  since: (values, context) => {
    const time = earliestCreated(values, context);
    return (c) => Date.parse(c.created) > time;
  },
  status: (values) => {
    for (const value of values) checkState(value);
    const wanted = values.map((value) => (value === 'stopped' ? 'exited' : value));
    return (c) => wanted.includes(c.state.status === 'stopped' ? 'exited' : c.state.status);
  },
  until: (values, context) => {
    const time = untilTime(values, context.now?.() ?? Date.now());
    return (c) => Date.parse(c.created) < time;
  },
  volume: (values, context) => (c) => values.some((v) => usesVolume(context.volumes(c), v)),
};

/**
 * containerFilter turns `ps --filter key=value` values into one predicate, as Podman does:
 * values of one key are alternatives (OR), except `label`, whose values must all hold; the
 * keys must all hold (AND). Bad keys and values are InvalidArgument in Podman's words.
 */
export function containerFilter(
  filters: readonly string[],
  context: ContainerFilterContext,
): ContainerPredicate {
  const byKey = groupByKey(filters);
  const predicates: ContainerPredicate[] = [];
  for (const [key, values] of byKey) {
    const make = FILTERS[key];
    if (!make) throw new InvalidArgument(`${key} is an invalid filter`);
    predicates.push(make(values, context));
  }
  return (container) => predicates.every((predicate) => predicate(container));
}

/** groupByKey splits `key=value` texts, keeping the order in which keys first appear. */
function groupByKey(filters: readonly string[]): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const text of filters) {
    const at = text.indexOf('=');
    if (at < 0) throw new InvalidArgument(`invalid filter "${text}"`);
    const key = text.slice(0, at);
    byKey.set(key, [...(byKey.get(key) ?? []), text.slice(at + 1)]);
  }
  return byKey;
}

// Podman compares the image a container was made from exactly: its full id, the name it was
// created under, or that name without the tag when the tag is `latest`.
function isAncestor(container: StoredContainer, value: string): boolean {
  const name = container.imageName;
  const colon = name.indexOf(':');
  const withoutTag = colon < 0 ? '' : name.slice(0, colon);
  const tag = colon < 0 ? '' : name.slice(colon + 1);
  return (
    container.imageId === value || name === value || (withoutTag === value && tag === 'latest')
  );
}

/** earliestCreated resolves each container named and returns the oldest creation time. */
function earliestCreated(values: string[], context: ContainerFilterContext): number {
  return Math.min(...values.map((value) => Date.parse(context.resolve(value).created)));
}

function hasExited(container: StoredContainer): boolean {
  return container.state.status === 'exited' || container.state.status === 'stopped';
}

// An id or name matches a Go regular expression anywhere in it; one that does not compile
// matches nothing, without an error, as in Podman.
function matchesAnyRegex(text: string, patterns: string[]): boolean {
  return patterns.some((pattern) => {
    try {
      return new RegExp(pattern).test(text);
    } catch {
      return false;
    }
  });
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * parseExitCode reads an `exited` value as Go's strconv.ParseInt(value, 10, 32). Podman's
 * message quotes the parsed number as a Go rune: NUL after a syntax error, U+FFFD (not a
 * valid rune) after a range error.
 */
function parseExitCode(value: string): number {
  const parse = `strconv.ParseInt: parsing ${JSON.stringify(value)}`;
  if (!/^[+-]?\d+$/.test(value)) {
    throw new InvalidArgument(`exited code out of range '\\x00': ${parse}: invalid syntax`);
  }
  const code = Number(value);
  if (code < INT32_MIN || code > INT32_MAX) {
    throw new InvalidArgument(`exited code out of range '\uFFFD': ${parse}: value out of range`);
  }
  return code;
}

function checkRestartPolicies(values: string[]): void {
  const invalid = values.filter((value) => !RESTART_POLICIES.includes(value));
  if (invalid.length === 0) return;
  const noun = invalid.length > 1 ? 'invalid restart policies' : 'invalid restart policy';
  throw new InvalidArgument(`${invalid.join(', ')} ${noun}`);
}

/** restartPolicyOf is the policy's name as Podman stores it: `''` when none was given. */
function restartPolicyOf(container: StoredContainer): string {
  const policy = container.options.restart ?? '';
  return policy.split(':')[0];
}

function checkState(value: string): void {
  if (!STATES.includes(value)) {
    throw new InvalidArgument(`unknown container state: ${value}: invalid argument`);
  }
}

/** untilTime reads the one `until` value Podman allows: a time, or a duration before now. */
function untilTime(values: string[], now: number): number {
  if (values.length !== 1) throw new InvalidArgument('specify exactly one timestamp for until');
  try {
    return Number(parseTimeInput(values[0], true, now) / 1_000_000n);
  } catch {
    const quoted = JSON.stringify(values[0]);
    throw new InvalidArgument(`failed to parse value as time or duration: ${quoted}`);
  }
}

// `volume=SOURCE[:DESTINATION]` names a bind mount's host path or a volume's name.
function usesVolume(attachments: VolumeAttachment[], value: string): boolean {
  const colon = value.indexOf(':');
  const source = colon < 0 ? value : value.slice(0, colon);
  const destination = colon < 0 ? undefined : value.slice(colon + 1);
  return attachments.some((attachment) => {
    const name = attachment.volume ?? attachment.source;
    const at = attachment.mount.destination;
    return name === source && (destination === undefined || destination === at);
  });
}
