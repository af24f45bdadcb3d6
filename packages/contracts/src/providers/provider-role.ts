/** ProviderRole names a replaceable part of the engine; each has one interface and token. */
export type ProviderRole = 'image' | 'label' | 'seccomp' | 'runtime';

/** PROVIDER_ROLES lists every role in the order `skiff plugin ls` shows them. */
export const PROVIDER_ROLES: readonly ProviderRole[] = ['image', 'label', 'seccomp', 'runtime'];
