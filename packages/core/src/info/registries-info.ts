import type { RegistriesConfig, RegistryEntry } from '../config/registries-config.js';

/**
 * registriesInfo is the `registries` section as Podman prints it: each `[[registry]]` table
 * under its prefix with containers/image's Go field names, then `search` when any are set.
 */
export function registriesInfo(config: RegistriesConfig): Record<string, unknown> {
  const section: Record<string, unknown> = {};
  for (const entry of config.registries) section[entry.prefix] = registry(entry);

  if (config.unqualifiedSearchRegistries.length > 0) {
    section.search = config.unqualifiedSearchRegistries;
  }
  return section;
}

function registry(entry: RegistryEntry): Record<string, unknown> {
  return {
    Prefix: entry.prefix,
    Location: entry.location,
    Insecure: entry.insecure,
    PullFromMirror: '',
    Mirrors: entry.mirrors.map((mirror) => ({
      Location: mirror.location,
      Insecure: mirror.insecure,
      PullFromMirror: pullFromMirror(mirror.pullFromMirror),
    })),
    Blocked: entry.blocked,
    MirrorByDigestOnly: entry.mirrorByDigestOnly,
  };
}

// Podman prints the key as the file spelled it, and an absent one as empty. The loader fills in
// `all` for an absent key and does not keep which it was, so `all` shows as the common case.
function pullFromMirror(value: string): string {
  return value === 'all' ? '' : value;
}
