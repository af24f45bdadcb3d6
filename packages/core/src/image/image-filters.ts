import type { ImageRecord } from '@skiff/contracts';
import { InvalidArgument, SkiffError } from '@skiff/contracts';

import { matchLabels } from '../container/label-match.js';
import { parseTimeInput } from '../logs/time-input.js';
import type { ImageSummary } from './image-summary.js';

// A table of filters, one entry per key, so longer than most files: each reproduces how
// Podman 4.3.1's `images --filter` (libimage's compileImageFilters) reads its key.

/** ImageFilter keeps or drops one image. */
export type ImageFilter = (image: ImageSummary) => boolean;

/** ImageFilterContext gives filters what the images alone do not hold. */
export interface ImageFilterContext {
  /** Resolves a `before`/`since` value; throws NoSuchImage. */
  resolve(typed: string): Promise<ImageRecord>;
  /** The clock, in milliseconds, for `until` durations. */
  now?: () => number;
}

interface FilterInput {
  key: string;
  value: string;
  context: ImageFilterContext;
  /** The value each boolean key was first given: Podman refuses two different ones. */
  seen: Map<string, string>;
}

type FilterMaker = (input: FilterInput) => ImageFilter | Promise<ImageFilter>;

const FILTERS: Record<string, FilterMaker> = {
  after: async (input) => createdAfter(await lookUp(input)),
  before: async (input) => createdBefore(await lookUp(input)),
  containers: (input) => {
    once(input);
    if (input.value === 'external') return () => false;
    if (input.value !== 'true' && input.value !== 'false') {
      throw new InvalidArgument(`unsupported value "${input.value}" for containers filter`);
    }
    const wanted = input.value === 'true';
    return (image) => image.containers > 0 === wanted;
  },
  dangling: (input) => {
    const wanted = parseBool(input);
    return (image) => image.dangling === wanted;
  },
  id:
    ({ value }) =>
    (image) =>
      image.id === value,
  intermediate: (input) => {
    const wanted = parseBool(input);
    return (image) => image.intermediate === wanted;
  },
  label:
    ({ value }) =>
    (image) =>
      matchLabels([value], image.config.config?.Labels ?? {}),
  // Skiff stores no manifest lists, and no image is on a read-only additional store.
  manifest: (input) => {
    const wanted = parseBool(input);
    return () => wanted === false;
  },
  readonly: (input) => {
    const wanted = parseBool(input);
    return () => wanted === false;
  },
  reference:
    ({ value }) =>
    (image) =>
      image.names.some((name) => referenceMatches(name, value)),
  since: async (input) => createdAfter(await lookUp(input)),
  until: ({ value, context }) => {
    const time = untilTime(value, context.now?.() ?? Date.now());
    return (image) => Date.parse(image.created) < time;
  },
};

/**
 * imageFilter turns `--filter key=value` (or `key!=value`, which negates) flags into one
 * predicate, as `podman images` does: filters of one key are alternatives (OR), different
 * keys must all hold (AND).
 */
export async function imageFilter(
  values: readonly string[],
  context: ImageFilterContext,
): Promise<ImageFilter> {
  const byKey = new Map<string, ImageFilter[]>();
  const seen = new Map<string, string>();
  for (const text of values) {
    const { key, value, negate } = splitFilter(text);
    const make = FILTERS[key];
    if (!make) throw new InvalidArgument(`unsupported image filter "${key}"`);
    const filter = await make({ key, value, context, seen });
    const kept = negate ? (image: ImageSummary) => !filter(image) : filter;
    byKey.set(key, [...(byKey.get(key) ?? []), kept]);
  }
  const groups = [...byKey.values()];
  return (image) => groups.every((group) => group.some((filter) => filter(image)));
}

function splitFilter(text: string): { key: string; value: string; negate: boolean } {
  const negated = text.indexOf('!=');
  if (negated >= 0) {
    return { key: text.slice(0, negated), value: text.slice(negated + 2), negate: true };
  }
  const at = text.indexOf('=');
  if (at < 0) {
    throw new InvalidArgument(
      `invalid image filter "${text}": must be in the format "filter=value or filter!=value"`,
    );
  }
  return { key: text.slice(0, at), value: text.slice(at + 1), negate: false };
}

async function lookUp({ key, value, context }: FilterInput): Promise<ImageRecord> {
  try {
    return await context.resolve(value);
  } catch (error) {
    const step = `could not find local image for filter filter "${key}"="${value}"`;
    throw SkiffError.wrap(step, error);
  }
}

function createdBefore(reference: ImageRecord): ImageFilter {
  const time = Date.parse(reference.created);
  return (image) => Date.parse(image.created) < time;
}

function createdAfter(reference: ImageRecord): ImageFilter {
  const time = Date.parse(reference.created);
  return (image) => Date.parse(image.created) > time;
}

/** once refuses a key given twice with different values, as Podman does for boolean keys. */
function once({ key, value, seen }: FilterInput): void {
  const first = seen.get(key);
  if (first !== undefined && first !== value) {
    throw new InvalidArgument(
      `specifying "${key}" filter more than once with different values is not supported`,
    );
  }
  seen.set(key, value);
}

const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/** parseBool reads a value as Go's strconv.ParseBool; Podman's message swaps key and value. */
function parseBool(input: FilterInput): boolean {
  once(input);
  const { key, value } = input;
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw new InvalidArgument(
    `non-boolean value "${key}" for ${value} filter: ` +
      `strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`,
  );
}

function untilTime(value: string, now: number): number {
  try {
    return Number(parseTimeInput(value, true, now) / 1_000_000n);
  } catch {
    const quoted = JSON.stringify(value);
    throw new InvalidArgument(`failed to parse value as time or duration: ${quoted}`);
  }
}

/**
 * referenceMatches matches a name as Podman's reference filter does: the pattern (a Go
 * path.Match glob, where `*` stops at `/`) against the full name, the name without its
 * registry, and its last path component, each with and without the tag or digest.
 */
function referenceMatches(name: string, pattern: string): boolean {
  const matcher = pathGlob(pattern);
  if (!matcher) return false;
  return referenceCandidates(name).some((candidate) => matcher.test(candidate));
}

function referenceCandidates(name: string): string[] {
  const at = name.indexOf('@');
  const colon = name.lastIndexOf(':');
  const suffixAt = at >= 0 ? at : colon > name.lastIndexOf('/') ? colon : -1;
  const repository = suffixAt < 0 ? name : name.slice(0, suffixAt);
  const suffix = suffixAt < 0 ? '' : name.slice(suffixAt);

  const slash = repository.indexOf('/');
  const path = slash < 0 ? repository : repository.slice(slash + 1);
  const base = path.slice(path.lastIndexOf('/') + 1);
  const bare = [repository, path, base];
  return [name, ...bare, ...(suffix ? bare.map((candidate) => candidate + suffix) : [])];
}

// One token at a time: an escaped character, a bracket class, or any single character.
const GLOB_TOKEN = /\\[\s\S]|\[\^?\]?[^\]]*\]|[\s\S]/g;

/** pathGlob compiles a Go path.Match pattern; undefined when Go would call it malformed. */
function pathGlob(pattern: string): RegExp | undefined {
  const tokens = pattern.match(GLOB_TOKEN) ?? [];
  // An unclosed class or a trailing backslash is left alone as one character here.
  if (tokens.some((token) => token === '[' || token === '\\')) return undefined;
  try {
    return new RegExp(`^${tokens.map(globToken).join('')}$`, 's');
  } catch {
    return undefined;
  }
}

function globToken(token: string): string {
  if (token === '*') return '[^/]*';
  if (token === '?') return '[^/]';
  if (token.length > 1 && token.startsWith('\\')) return escapeRegex(token[1]);
  if (token.length > 1) return characterClass(token.slice(1, -1));
  return escapeRegex(token);
}

// A negated class never matches `/` in Go's path.Match; brackets inside are literal.
function characterClass(body: string): string {
  const negated = body.startsWith('^');
  const inner = (negated ? body.slice(1) : body).replace(/[[\]]/g, '\\$&');
  return negated ? `[^/${inner}]` : `[${inner}]`;
}

function escapeRegex(char: string): string {
  return /[.+^${}()|[\]\\/-]/.test(char) ? `\\${char}` : char;
}
