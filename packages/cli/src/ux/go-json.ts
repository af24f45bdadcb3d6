/**
 * goJson renders a value as Go's encoding/json MarshalIndent does, which is how Podman prints
 * `--format json`: `<`, `>` and `&` (and the line separators JavaScript allows raw) escaped.
 */
export function goJson(value: unknown, indent: number): string {
  return JSON.stringify(value, null, indent).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
