import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { ConfigError } from '@skiff/contracts';
import createDebug from 'debug';
import { parse as parseToml } from 'smol-toml';

import {
  emptyRegistriesConfig,
  qualifiedName,
  type PullFromMirror,
  type RegistriesConfig,
  type RegistryEntry,
  type RegistryMirror,
  type ShortNameAlias,
  type ShortNameMode,
} from './registries-config.js';

// This file is a parser: it reads registries.conf the way containers/image 5.23 (Podman 4.3)
// does, and each check below reproduces one of its rules, with its wording.

const debug = createDebug('skiff:core:config');

type Table = Record<string, unknown>;

/** RegistriesPaths are the fixed places Podman looks in; tests point them at temporary files. */
export interface RegistriesPaths {
  /** `/etc/containers/registries.conf` */
  systemConf: string;
  /** `/etc/containers/registries.conf.d` */
  systemConfDir: string;
  /** The user's home: `$HOME`, as Podman uses it (it ignores `$XDG_CONFIG_HOME` here). */
  home: string;
  /** short-name-aliases.conf: under `/var/cache` as root, `$XDG_CACHE_HOME` when rootless. */
  shortNameAliases: string;
}

/** RegistriesLoaderOptions are the loader's inputs, explicit so that tests control them. */
export interface RegistriesLoaderOptions {
  env: NodeJS.ProcessEnv;
  rootless: boolean;
  paths?: Partial<RegistriesPaths>;
}

/** RegistriesFile is what one file says; absent keys stay undefined so merging can skip them. */
interface RegistriesFile {
  registries: RegistryEntry[];
  search?: string[];
  mode?: ShortNameMode;
  aliases: Map<string, ShortNameAlias>;
}

interface Layout {
  configPath: string;
  /** The main file was named by `CONTAINERS_REGISTRIES_CONF`, so it must exist. */
  explicit: boolean;
  dropInDirs: string[];
  userDir: string;
}

/**
 * RegistriesLoader reads registries.conf as Podman 4.3 does. `CONTAINERS_REGISTRIES_CONF`
 * replaces the main file; otherwise `~/.config/containers/registries.conf` replaces the system
 * file when it exists (for root too), and then only the user's drop-in directory is read.
 * Drop-ins (`*.conf`, sorted, system directory first) override the main file key by key,
 * `[[registry]]` tables by prefix and `[aliases]` by name.
 */
export class RegistriesLoader {
  private readonly env: NodeJS.ProcessEnv;
  private readonly paths: RegistriesPaths;

  constructor(options: RegistriesLoaderOptions) {
    this.env = options.env;
    this.paths = defaultPaths(options);
  }

  /** load reads and merges every file; throws ConfigError naming the file that is wrong. */
  load(): RegistriesConfig {
    const layout = this.layout();
    const config = emptyRegistriesConfig();
    config.configPath = layout.configPath;
    config.configDirPath = layout.userDir;

    if (this.mainFileExists(layout)) {
      merge(config, parseFile(layout.configPath, false), layout.configPath);
      config.searchRegistriesOrigin = layout.configPath;
    }
    for (const file of layout.dropInDirs.flatMap(dropIns)) {
      merge(config, parseFile(file, true), file);
    }

    config.recordedAliases = readRecordedAliases(this.paths.shortNameAliases);
    return config;
  }

  private layout(): Layout {
    const { systemConf, systemConfDir, home } = this.paths;
    const userConf = join(home, '.config/containers/registries.conf');
    const userDir = join(home, '.config/containers/registries.conf.d');
    const explicit = this.env.CONTAINERS_REGISTRIES_CONF;

    if (explicit) {
      return {
        configPath: explicit,
        explicit: true,
        dropInDirs: [systemConfDir, userDir],
        userDir,
      };
    }
    if (existsSync(userConf)) {
      return { configPath: userConf, explicit: false, dropInDirs: [userDir], userDir };
    }
    return {
      configPath: systemConf,
      explicit: false,
      dropInDirs: [systemConfDir, userDir],
      userDir,
    };
  }

  private mainFileExists(layout: Layout): boolean {
    if (existsSync(layout.configPath)) return true;
    if (layout.explicit) throw new ConfigError(`reading ${layout.configPath}: no such file`);
    return false;
  }
}

function defaultPaths(options: RegistriesLoaderOptions): RegistriesPaths {
  const home = options.paths?.home ?? options.env.HOME ?? homedir();
  const cache = options.rootless
    ? (options.env.XDG_CACHE_HOME ?? join(home, '.cache'))
    : '/var/cache';
  return {
    systemConf: '/etc/containers/registries.conf',
    systemConfDir: '/etc/containers/registries.conf.d',
    shortNameAliases: join(cache, 'containers/short-name-aliases.conf'),
    ...options.paths,
    home,
  };
}

function merge(config: RegistriesConfig, update: RegistriesFile, file: string): void {
  debug('merging registries configuration %s', file);
  config.sources.push(file);

  const byPrefix = new Map(config.registries.map((entry) => [entry.prefix, entry]));
  for (const entry of update.registries) byPrefix.set(entry.prefix, entry);
  config.registries = sortByPrefix([...byPrefix.values()]);

  // An empty list still counts: a drop-in may clear the search registries of the main file.
  if (update.search !== undefined) {
    config.unqualifiedSearchRegistries = update.search;
    config.searchRegistriesOrigin = file;
  }
  if (update.mode !== undefined) config.shortNameMode = update.mode;
  for (const [name, alias] of update.aliases) config.aliases.set(name, alias);
}

function dropIns(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ConfigError(`reading ${dir}: ${reasonOf(error)}`, { cause: error });
  }
  return entries
    .filter((entry) => !entry.isDirectory() && entry.name.endsWith('.conf'))
    .map((entry) => entry.name)
    .sort()
    .map((name) => join(dir, name));
}

function readRecordedAliases(file: string): Map<string, ShortNameAlias> {
  if (!existsSync(file)) return new Map();
  const doc = readToml(file);
  return parseAliases(file, doc.aliases);
}

// --- one file -------------------------------------------------------------------------------

function parseFile(file: string, dropIn: boolean): RegistriesFile {
  const doc = readToml(file);
  const v1 = v1Lists(file, doc);
  if (v1 === undefined) return parseV2(file, doc);

  // Podman still reads the old `[registries.search]` format, but not in drop-ins.
  if (dropIn) fail(file, 'registry must be in v2 format but is in v1');
  if (hasV2Keys(doc)) fail(file, 'mixing sysregistry v1/v2 is not supported');
  return convertV1(file, v1);
}

function parseV2(file: string, doc: Table): RegistriesFile {
  const tables = tableArray(file, doc.registry, 'registry');
  const registries = postProcess(
    file,
    tables.map((table) => rawRegistry(file, table)),
  );
  checkWildcards(file, registries);

  return {
    registries,
    search: searchRegistries(file, doc['unqualified-search-registries']),
    mode: shortNameMode(file, doc['short-name-mode']),
    aliases: parseAliases(file, doc.aliases),
  };
}

function readToml(file: string): Table {
  debug('reading %s', file);
  try {
    return parseToml(readFileSync(file, 'utf8')) as Table;
  } catch (error) {
    throw new ConfigError(`reading ${file}: ${reasonOf(error)}`, { cause: error });
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

function fail(file: string, reason: string): never {
  throw new ConfigError(`reading ${file}: ${reason}`);
}

// --- v1 -------------------------------------------------------------------------------------

interface V1Lists {
  search?: string[];
  insecure: string[];
  block: string[];
}

function v1Lists(file: string, doc: Table): V1Lists | undefined {
  const registries = doc.registries;
  if (!isTable(registries)) return undefined;

  const list = (name: string) => {
    const table = registries[name];
    if (!isTable(table) || table.registries === undefined) return undefined;
    return strings(file, table.registries, `registries.${name}.registries`);
  };
  const [search, insecure, block] = [list('search'), list('insecure'), list('block')];
  if (!search && !insecure && !block) return undefined;
  return { search, insecure: insecure ?? [], block: block ?? [] };
}

function hasV2Keys(doc: Table): boolean {
  const keys = ['registry', 'unqualified-search-registries', 'credential-helpers', 'aliases'];
  return keys.some((key) => doc[key] !== undefined) || Boolean(doc['short-name-mode']);
}

function convertV1(file: string, v1: V1Lists): RegistriesFile {
  const byLocation = new Map<string, RegistryEntry>();
  const entryFor = (input: string) => {
    const location = parseLocation(file, input);
    let entry = byLocation.get(location);
    if (!entry) {
      entry = newEntry(location, location);
      byLocation.set(location, entry);
    }
    return entry;
  };

  for (const location of v1.block) entryFor(location).blocked = true;
  for (const location of v1.insecure) entryFor(location).insecure = true;

  const search = v1.search?.map((entry) => searchRegistry(file, entry));
  return { registries: [...byLocation.values()], search, aliases: new Map() };
}

// --- [[registry]] ---------------------------------------------------------------------------

interface RawRegistry {
  prefix: string;
  location: string;
  insecure: boolean;
  blocked: boolean;
  mirrorByDigestOnly: boolean;
  pullFromMirror?: string;
  mirrors: { location: string; insecure: boolean; pullFromMirror?: string }[];
}

function rawRegistry(file: string, table: Table): RawRegistry {
  const mirrors = tableArray(file, table.mirror, 'registry.mirror').map((mirror) => ({
    location: str(file, mirror, 'location', 'registry.mirror') ?? '',
    insecure: bool(file, mirror, 'insecure', 'registry.mirror') ?? false,
    pullFromMirror: str(file, mirror, 'pull-from-mirror', 'registry.mirror'),
  }));

  return {
    prefix: str(file, table, 'prefix', 'registry') ?? '',
    location: str(file, table, 'location', 'registry') ?? '',
    insecure: bool(file, table, 'insecure', 'registry') ?? false,
    blocked: bool(file, table, 'blocked', 'registry') ?? false,
    mirrorByDigestOnly: bool(file, table, 'mirror-by-digest-only', 'registry') ?? false,
    pullFromMirror: str(file, table, 'pull-from-mirror', 'registry'),
    mirrors,
  };
}

function postProcess(file: string, raws: RawRegistry[]): RegistryEntry[] {
  const entries = raws.map((raw) => normalizeRegistry(file, raw));
  checkConflicts(file, entries);

  // The first table with a prefix wins within one file; later ones are dropped, as in Podman.
  const byPrefix = new Map<string, RegistryEntry>();
  for (const entry of entries) {
    if (!byPrefix.has(entry.prefix)) byPrefix.set(entry.prefix, entry);
  }
  return sortByPrefix([...byPrefix.values()]);
}

function normalizeRegistry(file: string, raw: RawRegistry): RegistryEntry {
  const location = parseLocation(file, raw.location);
  const prefix = raw.prefix === '' ? location : parseLocation(file, raw.prefix);
  if (raw.prefix === '' && location === '') {
    fail(file, 'invalid condition: both location and prefix are unset');
  }
  if (location === '' && !prefix.startsWith('*.')) {
    fail(
      file,
      'invalid condition: location is unset and prefix is not in the format: *.example.com',
    );
  }
  if (raw.pullFromMirror !== undefined && raw.pullFromMirror !== '') {
    fail(file, `pull-from-mirror must not be set for a non-mirror registry "${prefix}"`);
  }

  const entry = newEntry(prefix, location);
  entry.insecure = raw.insecure;
  entry.blocked = raw.blocked;
  entry.mirrorByDigestOnly = raw.mirrorByDigestOnly;
  entry.mirrors = raw.mirrors.map((mirror) => normalizeMirror(file, entry, mirror));
  return entry;
}

function normalizeMirror(
  file: string,
  entry: RegistryEntry,
  raw: RawRegistry['mirrors'][number],
): RegistryMirror {
  const location = parseLocation(file, raw.location);
  if (location === '') fail(file, 'invalid condition: mirror location is unset');

  const setting = raw.pullFromMirror ?? '';
  if (entry.mirrorByDigestOnly && setting !== '') {
    fail(
      file,
      `cannot set mirror usage mirror-by-digest-only for the registry ("${entry.prefix}") ` +
        `and pull-from-mirror for per-mirror ("${location}") at the same time`,
    );
  }
  if (!['', 'all', 'digest-only', 'tag-only'].includes(setting)) {
    fail(file, `unsupported pull-from-mirror value "${setting}" for mirror "${location}"`);
  }

  const pullFromMirror = (setting === '' ? 'all' : setting) as PullFromMirror;
  return { location, insecure: raw.insecure, pullFromMirror };
}

// A location may appear under several prefixes (each with its own mirrors), but it is one
// registry: Podman refuses tables that disagree on whether it is insecure or blocked.
function checkConflicts(file: string, entries: RegistryEntry[]): void {
  const seen = new Map<string, RegistryEntry>();
  for (const entry of entries) {
    const key = entry.location === '' ? entry.prefix : entry.location;
    const other = seen.get(key);
    if (!other) {
      seen.set(key, entry);
      continue;
    }
    for (const setting of ['insecure', 'blocked'] as const) {
      if (other[setting] !== entry[setting]) {
        fail(
          file,
          `registry '${entry.location}' is defined multiple times with conflicting '${setting}' setting`,
        );
      }
    }
  }
}

function checkWildcards(file: string, entries: RegistryEntry[]): void {
  for (const { prefix } of entries) {
    if (prefix.startsWith('*.') && /[/@:]/.test(prefix)) {
      fail(
        file,
        'Wildcarded prefix should be in the format: *.example.com. ' +
          `Current prefix "${prefix}" is incorrectly formatted`,
      );
    }
  }
}

function newEntry(prefix: string, location: string): RegistryEntry {
  return {
    prefix,
    location,
    insecure: false,
    blocked: false,
    mirrorByDigestOnly: false,
    mirrors: [],
  };
}

function sortByPrefix(entries: RegistryEntry[]): RegistryEntry[] {
  return entries.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
}

function parseLocation(file: string, input: string): string {
  const trimmed = input.replace(/\/+$/, '');
  if (/^https?:\/\//.test(trimmed)) {
    fail(file, `invalid location '${input}': URI schemes are not supported`);
  }
  return trimmed;
}

// --- search registries and short-name mode --------------------------------------------------

const DOMAIN =
  /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$/;

function searchRegistries(file: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return strings(file, value, 'unqualified-search-registries').map((entry) =>
    searchRegistry(file, entry),
  );
}

function searchRegistry(file: string, input: string): string {
  const registry = parseLocation(file, input);
  if (!DOMAIN.test(registry)) {
    fail(file, `Invalid unqualified-search-registries entry ${JSON.stringify(registry)}`);
  }
  return registry;
}

function shortNameMode(file: string, value: unknown): ShortNameMode | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') fail(file, 'short-name-mode must be a string');
  if (value === 'enforcing' || value === 'permissive' || value === 'disabled') return value;
  return fail(file, `invalid short-name mode: "${value}"`);
}

// --- [aliases] ------------------------------------------------------------------------------

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

interface NameParts {
  domain: string;
  path: string;
  tag?: string;
  digest?: string;
}

function parseAliases(file: string, value: unknown): Map<string, ShortNameAlias> {
  const aliases = new Map<string, ShortNameAlias>();
  if (value === undefined) return aliases;
  if (!isTable(value)) fail(file, '[aliases] must be a table');

  // Every bad entry is reported at once, as Podman does, so one edit fixes them all.
  const problems: string[] = [];
  for (const [name, target] of Object.entries(value)) {
    const nameProblem = shortNameProblem(name);
    if (nameProblem) problems.push(nameProblem);
    if (typeof target !== 'string') {
      problems.push(`invalid alias for "${name}": must be a string`);
      continue;
    }
    const alias = parseAliasTarget(target, file);
    if (typeof alias === 'string') problems.push(alias);
    else aliases.set(name, alias);
  }

  if (problems.length > 0) fail(file, `validating short-name aliases: ${problems.join('; ')}`);
  return aliases;
}

function shortNameProblem(name: string): string | undefined {
  const parts = parseName(name);
  if (typeof parts === 'string') return `cannot parse short name: "${name}": ${parts}`;
  if (parts.digest !== undefined) return `invalid short name "${name}": must not contain digest`;
  if (parts.tag !== undefined) return `invalid short name "${name}": must not contain tag`;
  if (hasRegistry(parts.domain)) return `invalid short name "${name}": must not contain registry`;
  return undefined;
}

// An empty target resets an alias set by an earlier file, so a drop-in can undo a bad one.
function parseAliasTarget(target: string, file: string): ShortNameAlias | string {
  if (target === '') return { origin: file };

  const parts = parseName(target);
  if (typeof parts === 'string') return `parsing alias "${target}": ${parts}`;
  if (parts.digest !== undefined) return `invalid alias "${target}": must not contain digest`;
  if (parts.tag !== undefined) return `invalid alias "${target}": must not contain tag`;
  if (!hasRegistry(parts.domain)) {
    return `invalid alias "${target}": must contain registry and repository`;
  }
  return { target: qualifiedName(parts.domain, parts.path), origin: file };
}

function hasRegistry(domain: string): boolean {
  return /[.:]/.test(domain) || domain === 'localhost';
}

// parseName follows the Distribution reference grammar closely enough to validate aliases:
// a first component that looks like a host is the domain only when a path follows it.
function parseName(text: string): NameParts | string {
  const at = text.indexOf('@');
  const digest = at < 0 ? undefined : text.slice(at + 1);
  const named = at < 0 ? text : text.slice(0, at);
  if (digest !== undefined && !DIGEST.test(digest)) return 'invalid reference format';

  const colon = named.lastIndexOf(':');
  const tagged = colon > named.lastIndexOf('/');
  const tag = tagged ? named.slice(colon + 1) : undefined;
  const name = tagged ? named.slice(0, colon) : named;
  if (tag !== undefined && !TAG.test(tag)) return 'invalid reference format';

  const split = splitDomain(name);
  return typeof split === 'string' ? split : { ...split, tag, digest };
}

function splitDomain(name: string): { domain: string; path: string } | string {
  if (name === '') return 'repository name must have at least one component';
  if (name.length > 255) return 'repository name must not be more than 255 characters';

  const isPath = (path: string) => path.split('/').every((part) => PATH_COMPONENT.test(part));
  const slash = name.indexOf('/');
  if (slash > 0 && DOMAIN.test(name.slice(0, slash)) && isPath(name.slice(slash + 1))) {
    return { domain: name.slice(0, slash), path: name.slice(slash + 1) };
  }
  if (isPath(name)) return { domain: '', path: name };
  return isPath(name.toLowerCase())
    ? 'repository name must be lowercase'
    : 'invalid reference format';
}

// --- typed values ---------------------------------------------------------------------------

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tableArray(file: string, value: unknown, name: string): Table[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isTable)) fail(file, `[[${name}]] must be tables`);
  return value;
}

function strings(file: string, value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    fail(file, `${name} must be an array of strings`);
  }
  return value;
}

function str(file: string, table: Table, key: string, within: string): string | undefined {
  const value = table[key];
  if (value === undefined || typeof value === 'string') return value;
  return fail(file, `${within}.${key} must be a string`);
}

function bool(file: string, table: Table, key: string, within: string): boolean | undefined {
  const value = table[key];
  if (value === undefined || typeof value === 'boolean') return value;
  return fail(file, `${within}.${key} must be a boolean`);
}
