import type { ImageRecord } from '@skiff/contracts';
import { InvalidArgument } from '@skiff/contracts';

/** ImageFilter keeps or drops one image; `--filter` values combine with AND across keys. */
type ImageFilter = (image: ImageRecord) => boolean;

const FILTERS: Record<string, (value: string) => ImageFilter> = {
  dangling: (value) => {
    const wanted = parseBool(value, 'dangling');
    return (image) => (image.names.length === 0) === wanted;
  },
  reference: (value) => {
    const pattern = globToRegExp(value);
    return (image) => image.names.some((name) => referenceMatches(name, value, pattern));
  },
  label: (value) => {
    const [key, expected] = splitOnce(value, '=');
    return (image) => {
      const labels = image.config.config?.Labels ?? {};
      return key in labels && (expected === undefined || labels[key] === expected);
    };
  },
};

/**
 * imageFilter turns `--filter key=value` flags into one predicate, as `podman images` does:
 * values of the same key are alternatives (OR), different keys must all hold (AND).
 */
export function imageFilter(values: readonly string[]): ImageFilter {
  const byKey = new Map<string, ImageFilter[]>();
  for (const text of values) {
    const [key, value] = splitOnce(text, '=');
    const make = FILTERS[key];
    if (!make) throw new InvalidArgument(`unsupported image filter "${key}"`);
    byKey.set(key, [...(byKey.get(key) ?? []), make(value ?? '')]);
  }
  const groups = [...byKey.values()];
  return (image) => groups.every((group) => group.some((filter) => filter(image)));
}

// A reference filter matches the full name, or the name without registry, or the repository
// alone, with `*` wildcards, as Podman's does.
function referenceMatches(name: string, filter: string, pattern: RegExp): boolean {
  const withoutTag = name.replace(/:[^:/]+$/, '');
  const path = withoutTag.split('/').slice(1).join('/');
  const candidates = [name, withoutTag, path, `${path}:${name.split(':').pop()}`];
  return candidates.some(
    (candidate) => pattern.test(candidate) || candidate.endsWith(`/${filter}`),
  );
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function parseBool(value: string, key: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgument(`invalid ${key} filter value "${value}": must be true or false`);
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
