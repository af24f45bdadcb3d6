import type { ProviderRole } from './provider-role.js';

/** ProviderClass is a provider implementation; core constructs it through the DI container. */
export type ProviderClass = new (...args: never[]) => object;

/**
 * ProviderRegistration offers one implementation of one role. `implementation` is the name
 * configuration uses to choose it (`selinux` for `label_provider = "selinux"`).
 */
export interface ProviderRegistration {
  role: ProviderRole;
  implementation: string;
  useClass: ProviderClass;
}

/**
 * PluginDescriptor is what a plugin module exports as `plugin`: its name, the range of engine
 * API versions it was written for, and the providers it offers.
 */
export interface PluginDescriptor {
  name: string;
  /** A semver range that must include the engine's ENGINE_API_VERSION. */
  apiRange: string;
  provides: readonly ProviderRegistration[];
}
