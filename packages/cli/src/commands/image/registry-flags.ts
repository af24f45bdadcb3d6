import * as Flags from '@oclif/core/flags';
import type * as Interfaces from '@oclif/core/interfaces';

/** REGISTRY_FLAGS are the flags pull, push and login share, spelled as Podman's. */
export const REGISTRY_FLAGS: Interfaces.FlagInput = {
  authfile: Flags.string({ description: 'Path of the authentication file' }),
  'tls-verify': Flags.boolean({
    description: 'Require HTTPS and verify certificates when contacting registries',
    allowNo: true,
  }),
};

/** registryAccess reads REGISTRY_FLAGS; an unset `--tls-verify` leaves registries.conf to decide. */
export function registryAccess(flags: Record<string, unknown>) {
  return {
    authfile: flags.authfile as string | undefined,
    tlsVerify: flags['tls-verify'] as boolean | undefined,
  };
}
