import { InvalidArgument } from '@skiff/contracts';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const PREFIX = 'sha256:';

/**
 * digestHex returns the hex part of a sha256 digest given as `sha256:<hex>` or bare hex.
 * Storage paths are built from it, so anything else is refused rather than joined to a path.
 */
export function digestHex(digest: string): string {
  const hex = digest.startsWith(PREFIX) ? digest.slice(PREFIX.length) : digest;
  if (!SHA256_HEX.test(hex)) {
    throw new InvalidArgument(`invalid digest "${digest}": expected sha256 and 64 hex digits`);
  }
  return hex;
}
