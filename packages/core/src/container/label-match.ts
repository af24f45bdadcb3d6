/**
 * matchLabels says whether `labels` satisfy every `key[=value]` filter, as Podman's
 * MatchLabelFilters does: a key with `*` is a pattern that may match anywhere in a label's
 * key, and an empty or missing value accepts any value.
 */
export function matchLabels(filters: readonly string[], labels: Record<string, string>): boolean {
  return filters.every((filter) => {
    const at = filter.indexOf('=');
    const key = at < 0 ? filter : filter.slice(0, at);
    const value = at < 0 ? '' : filter.slice(at + 1);
    return Object.entries(labels).some(
      ([labelKey, labelValue]) =>
        (value === '' || labelValue === value) && (labelKey === key || keyPattern(key, labelKey)),
    );
  });
}

// Podman wraps a pattern in `*...*` and matches it as a file name glob.
function keyPattern(pattern: string, key: string): boolean {
  if (!pattern.includes('*')) return false;
  const source = `*${pattern}*`
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  try {
    return new RegExp(`^${source}$`, 's').test(key);
  } catch {
    return false;
  }
}
