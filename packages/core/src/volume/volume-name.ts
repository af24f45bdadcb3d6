import { randomBytes } from 'node:crypto';

import { InvalidArgument } from '@skiff/contracts';

const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** checkVolumeName refuses a name Podman would not give a volume, in Podman's words. */
export function checkVolumeName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new InvalidArgument(
      'running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument',
    );
  }
}

/** newVolumeName is the name of a volume created without one: 64 hex digits, as Podman's. */
export function newVolumeName(): string {
  return randomBytes(32).toString('hex');
}
