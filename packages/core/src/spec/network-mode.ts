import { InvalidArgument } from '@skiff/contracts';

/**
 * NetworkMode is what `--network` asked for that Skiff can give: a network namespace of the
 * container's own holding only loopback (`none`, also the default, since Skiff has no
 * networks to attach), or the host's network namespace (`host`).
 */
export type NetworkMode = { kind: 'none' } | { kind: 'host' };

// Podman's words for the modes that attach a container to a network; Skiff has none of them.
const NETWORK_MODES = ['bridge', 'slirp4netns', 'pasta'];

const SUPPORTED = 'skiff supports only --network none and --network host';

/**
 * parseNetworkMode reads a `--network` value. The default (unset, `private` or `default`) is a
 * namespace with loopback only, as `none` gives; a mode or network Skiff cannot set up is
 * refused in one line that says so.
 */
export function parseNetworkMode(value: string | undefined): NetworkMode {
  if (value === undefined || value === '' || value === 'private' || value === 'default') {
    return { kind: 'none' };
  }
  if (value === 'none') return { kind: 'none' };
  if (value === 'host') return { kind: 'host' };

  const at = value.indexOf(':');
  const prefix = at < 0 ? value : value.slice(0, at);
  const rest = at < 0 ? '' : value.slice(at + 1);
  if (prefix === 'ns' || prefix === 'container') return refuseJoin(prefix, rest);
  if (NETWORK_MODES.includes(prefix)) {
    throw new InvalidArgument(`network mode ${prefix} is not supported yet: ${SUPPORTED}`);
  }
  if (prefix === '') throw new InvalidArgument('network name cannot be empty: invalid argument');
  throw new InvalidArgument(
    `cannot join network ${prefix}: networks are not supported yet: ${SUPPORTED}`,
  );
}

// Podman's words when the joined namespace is not named, then Skiff's for what it lacks.
function refuseJoin(prefix: 'ns' | 'container', rest: string): never {
  const kind = prefix === 'ns' ? 'path' : 'container';
  if (rest === '') {
    throw new InvalidArgument(`invalid config provided: namespace mode ${kind} requires a value`);
  }
  const what = prefix === 'ns' ? 'a network namespace path' : "another container's network";
  throw new InvalidArgument(`joining ${what} is not supported yet: ${SUPPORTED}`);
}

/** networkModeText is `HostConfig.NetworkMode` for a container's `--network` value. */
export function networkModeText(value: string | undefined): string {
  return parseNetworkMode(value).kind;
}
