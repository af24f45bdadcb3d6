/** ShortNameMode is `short-name-mode`: what to do when a short name has several candidates. */
export type ShortNameMode = 'enforcing' | 'permissive' | 'disabled';

/** PullFromMirror is a mirror's `pull-from-mirror`: which pulls may use it. */
export type PullFromMirror = 'all' | 'digest-only' | 'tag-only';

/** RegistryMirror is one `[[registry.mirror]]` table. */
export interface RegistryMirror {
  /** `host[:port][/path]`, with trailing slashes removed. */
  location: string;
  insecure: boolean;
  pullFromMirror: PullFromMirror;
}

/**
 * RegistryEntry is one `[[registry]]` table after Podman's normalisation: `prefix` defaults to
 * `location`, trailing slashes are gone, and each prefix appears once.
 */
export interface RegistryEntry {
  /** `host[:port][/path]`, or `*.example.com` to match every subdomain. */
  prefix: string;
  /** Where names under `prefix` are fetched; empty only under a wildcard prefix (no rewrite). */
  location: string;
  insecure: boolean;
  blocked: boolean;
  /** Mirrors serve digest pulls only. */
  mirrorByDigestOnly: boolean;
  mirrors: RegistryMirror[];
}

/** QualifiedName is a repository with its registry, as Podman normalises it. */
export interface QualifiedName {
  registry: string;
  repository: string;
}

/** ShortNameAlias is one `[aliases]` entry and the file that set it. */
export interface ShortNameAlias {
  /** Undefined when a later file reset the alias with an empty value. */
  target?: QualifiedName;
  /** Podman names this file when it reports that it used the alias. */
  origin: string;
}

/**
 * RegistriesConfig is registries.conf (v2, or v1 converted) merged from every file Podman
 * reads, with key names mapped to camelCase and Podman's defaults applied.
 */
export interface RegistriesConfig {
  /** `unqualified-search-registries`, `host[:port]` each, in order. */
  unqualifiedSearchRegistries: string[];
  /** The file that set `unqualified-search-registries`; empty when no file was read. */
  searchRegistriesOrigin: string;
  shortNameMode: ShortNameMode;
  /** The `[[registry]]` tables, sorted by prefix. */
  registries: RegistryEntry[];
  /** `[aliases]` from registries.conf and its drop-ins, keyed by short name. */
  aliases: Map<string, ShortNameAlias>;
  /** Aliases recorded in short-name-aliases.conf; they win over `aliases`. */
  recordedAliases: Map<string, ShortNameAlias>;
  /** The main file as Podman names it in messages, whether or not it exists. */
  configPath: string;
  /** The drop-in directory as Podman names it in messages (the user's one). */
  configDirPath: string;
  /** Every file read, in the order read. */
  sources: string[];
}

/** emptyRegistriesConfig is the configuration in force when no file exists. */
export function emptyRegistriesConfig(): RegistriesConfig {
  return {
    unqualifiedSearchRegistries: [],
    searchRegistriesOrigin: '',
    shortNameMode: 'permissive',
    registries: [],
    aliases: new Map(),
    recordedAliases: new Map(),
    configPath: '',
    configDirPath: '',
    sources: [],
  };
}

/**
 * qualifiedName joins a registry and a repository path the way Podman normalises names:
 * Docker Hub is `docker.io` (never `index.docker.io`) and keeps its official images under
 * `library/`, so `docker.io/alpine` and `docker.io/library/alpine` name the same image.
 */
export function qualifiedName(registry: string, path: string): QualifiedName {
  if (registry !== 'docker.io' && registry !== 'index.docker.io') {
    return { registry, repository: path };
  }
  return { registry: 'docker.io', repository: path.includes('/') ? path : `library/${path}` };
}
