import { InvalidArgument } from '@skiff/contracts';

/**
 * networkFlag applies Podman's rule for a repeated `--network`: only bridge networks may be
 * combined, and the mode of the first value decides. It returns the one value for the engine
 * to check (which refuses every network name, so that a second one need not be passed on).
 */
export function networkFlag(values: readonly string[]): string | undefined {
  if (values.length <= 1) return values[0];

  const mode = podmanModeName(values[0]);
  if (mode !== 'bridge') {
    throw new InvalidArgument(
      `cannot set multiple networks without bridge network mode, selected mode ${mode}: invalid argument`,
    );
  }
  return values[0];
}

// The mode Podman's error names for a first `--network` value; any other value is a network.
function podmanModeName(value: string): string {
  if (value === '' || value === 'default' || value === 'private') return 'private';
  if (value === 'none' || value === 'host') return value;
  if (value === 'slirp4netns' || value.startsWith('slirp4netns:')) return 'slirp4netns';
  if (value.startsWith('ns:')) return 'path';
  if (value.startsWith('container:')) return 'container';
  return 'bridge';
}
