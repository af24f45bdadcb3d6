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

/** PULL_FLAGS are what `pull`, `run` and `create` take to choose and fetch an image. */
export const PULL_FLAGS: Interfaces.FlagInput = {
  ...REGISTRY_FLAGS,
  creds: Flags.string({
    description: 'Credentials (USERNAME:PASSWORD) to use for the registry',
    helpValue: 'Credentials',
  }),
  platform: Flags.string({ description: 'Pull the image for the platform OS/ARCH[/VARIANT]' }),
  arch: Flags.string({
    description: 'Use ARCH instead of the architecture of the machine',
    helpValue: 'ARCH',
  }),
  os: Flags.string({ description: 'Use OS instead of the running OS', helpValue: 'OS' }),
  variant: Flags.string({
    description: 'Use VARIANT instead of the default variant',
    helpValue: 'VARIANT',
  }),
};

/** pullAccess reads PULL_FLAGS. */
export function pullAccess(flags: Record<string, unknown>) {
  const text = (name: string) => flags[name] as string | undefined;
  return {
    ...registryAccess(flags),
    creds: text('creds'),
    platform: text('platform'),
    arch: text('arch'),
    os: text('os'),
    variant: text('variant'),
  };
}
