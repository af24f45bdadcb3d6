/**
 * splitCommas reads a repeatable flag as Podman's string-slice flags do: each value may hold
 * several, separated by commas (`--filter name=a,name=b`).
 */
export function splitCommas(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(','));
}
