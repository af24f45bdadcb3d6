import type { ProviderRole } from '@skiff/contracts';

/** BuiltinPlugin is a plugin shipped with Skiff, known by what it provides before loading. */
export interface BuiltinPlugin {
  module: string;
  role: ProviderRole;
  implementation: string;
}

// Knowing what each built-in provides without loading it keeps a command from loading code it
// does not need: `skiff ps` never loads the image or seccomp code.
export const BUILTIN_PLUGINS: readonly BuiltinPlugin[] = [
  { module: '@skiff/plugin-image-oci', role: 'image', implementation: 'oci' },
  { module: '@skiff/plugin-label-selinux', role: 'label', implementation: 'selinux' },
  { module: '@skiff/plugin-label-none', role: 'label', implementation: 'none' },
  { module: '@skiff/plugin-seccomp-oci', role: 'seccomp', implementation: 'oci' },
  { module: '@skiff/plugin-runtime-oci', role: 'runtime', implementation: 'oci' },
];
