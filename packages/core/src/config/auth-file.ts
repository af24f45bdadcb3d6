import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

import {
  ConfigError,
  InvalidArgument,
  type CredentialLookup,
  type Credentials,
} from '@skiff/contracts';
import createDebug from 'debug';

const debug = createDebug('skiff:core:config');

/** AuthFileOptions locate the credential files; every input is explicit so tests control it. */
export interface AuthFileOptions {
  env: NodeJS.ProcessEnv;
  /** `--authfile`: replaces the first file of the lookup order, for reading and writing. */
  authfile?: string;
  /** The caller's uid, for `/run/containers/<uid>/auth.json`; defaults to the process's. */
  uid?: number;
  /** The home directory; defaults to `$HOME`. */
  home?: string;
}

/** AuthFilePath is one file of the lookup order; `legacy` files use the `~/.dockercfg` layout. */
export interface AuthFilePath {
  path: string;
  legacy: boolean;
}

interface AuthEntry {
  auth?: string;
  identitytoken?: string;
  [field: string]: unknown;
}

interface AuthDocument {
  /** The whole file, so that a rewrite keeps keys Skiff does not use. */
  raw: Record<string, unknown>;
  auths: Record<string, AuthEntry>;
  credHelpers: Record<string, unknown>;
}

const DOCKER_HUB_KEYS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
// Docker writes this user name beside an identity token.
const TOKEN_USER = '<token>';

/**
 * AuthFile reads and writes containers-auth.json as Podman 4.3 does. Lookups try, in order,
 * `--authfile` (or `REGISTRY_AUTH_FILE`, or `$DOCKER_CONFIG/config.json`), otherwise
 * `$XDG_RUNTIME_DIR/containers/auth.json` (`/run/containers/<uid>/auth.json` without it), then
 * `$XDG_CONFIG_HOME/containers/auth.json`, `~/.docker/config.json` and `~/.dockercfg`; the
 * first file with a usable entry wins, and within a file `host/ns/repo` beats `host/ns` beats
 * `host`. Writes go to the first file only, as Podman's login and logout do.
 *
 * TODO: credential helpers (`credHelpers`, `credential-helpers`) are not run; a registry that
 * uses one is treated as having no credentials, and logout leaves the helper's copy alone.
 */
export class AuthFile {
  private readonly env: NodeJS.ProcessEnv;
  private readonly home: string;

  constructor(private readonly options: AuthFileOptions) {
    this.env = options.env;
    this.home = options.home ?? nonEmpty(options.env.HOME) ?? homedir();
  }

  /** paths lists the files read, in order; an `$XDG_RUNTIME_DIR` that does not exist is left out. */
  paths(): AuthFilePath[] {
    const paths: AuthFilePath[] = [];
    const primary = this.primaryOrMissingDir();
    if (typeof primary === 'string') paths.push({ path: primary, legacy: false });
    else debug('%s: skipping it, in case the image is public', primary.message);

    const configHome = nonEmpty(this.env.XDG_CONFIG_HOME) ?? join(this.home, '.config');
    const dockerConfig = nonEmpty(this.env.DOCKER_CONFIG) ?? join(this.home, '.docker');
    paths.push(
      { path: join(configHome, 'containers/auth.json'), legacy: false },
      { path: join(dockerConfig, 'config.json'), legacy: false },
      { path: join(this.home, '.dockercfg'), legacy: true },
    );
    return paths;
  }

  /** primaryPath is the file that store and remove write. Throws ConfigError when unusable. */
  primaryPath(): string {
    const primary = this.primaryOrMissingDir();
    if (typeof primary !== 'string') throw primary;
    return primary;
  }

  /**
   * checkExplicit refuses an auth file named by `--authfile`, `REGISTRY_AUTH_FILE` or
   * `DOCKER_CONFIG` that does not exist, as Podman's pull, push and logout do (login creates it).
   */
  checkExplicit(): void {
    const explicit = this.explicitPath();
    if (explicit !== undefined && !existsSync(explicit)) {
      throw new InvalidArgument(`stat ${explicit}: no such file or directory`);
    }
  }

  /** lookup finds the credentials for a repository; it is a CredentialLookup as it stands. */
  readonly lookup: CredentialLookup = (registry, repository) => {
    const key = repository ? `${registry}/${repository}` : registry;
    for (const { path, legacy } of this.paths()) {
      const document = readAuthDocument(path, legacy);
      const credentials = document && findCredentials(document, path, key, registry, legacy);
      if (credentials) {
        debug('credentials for %s found in %s', key, path);
        return credentials;
      }
    }
    debug('no credentials for %s', key);
    return undefined;
  };

  /**
   * store saves credentials under `key` (`host[:port][/path]`), keeping every other entry, and
   * returns the file it wrote.
   */
  store(key: string, credentials: Credentials): string {
    checkKey(key);
    const path = this.primaryPath();
    const document = readAuthDocument(path, false) ?? emptyDocument();

    document.auths[key] = entryFor(credentials);
    writeAuthDocument(path, document);
    return path;
  }

  /** remove deletes the entry for `key`; throws InvalidArgument `not logged into <key>`. */
  remove(key: string): void {
    checkKey(key);
    const path = this.primaryPath();
    const document = readAuthDocument(path, false);
    if (!document || !Object.hasOwn(document.auths, key)) {
      throw new InvalidArgument(`not logged into ${key}`);
    }

    delete document.auths[key];
    writeAuthDocument(path, document);
  }

  /** removeAll empties `auths` in the first file, creating it as Podman does when missing. */
  removeAll(): void {
    const path = this.primaryPath();
    const document = readAuthDocument(path, false) ?? emptyDocument();
    document.auths = {};
    writeAuthDocument(path, document);
  }

  /**
   * keyFromArgument turns the argument of login or logout into an auth.json key, as Podman
   * does: a URL becomes its `host[:port]`; a `host/path` must be a repository name without a
   * tag or digest.
   */
  static keyFromArgument(argument: string): string {
    const key = /^https?:\/\//.test(argument) ? hostOf(argument) : argument;
    const slash = key.indexOf('/');
    if (slash < 0) return key;

    checkRepositoryKey(key, key.slice(0, slash), key.slice(slash + 1));
    return key;
  }

  private explicitPath(): string | undefined {
    const dockerConfig = nonEmpty(this.env.DOCKER_CONFIG);
    return (
      nonEmpty(this.options.authfile) ??
      nonEmpty(this.env.REGISTRY_AUTH_FILE) ??
      (dockerConfig === undefined ? undefined : join(dockerConfig, 'config.json'))
    );
  }

  private primaryOrMissingDir(): string | ConfigError {
    const explicit = this.explicitPath();
    if (explicit !== undefined) return explicit;

    const runtimeDir = nonEmpty(this.env.XDG_RUNTIME_DIR);
    if (runtimeDir === undefined) {
      return `/run/containers/${this.options.uid ?? process.getuid?.() ?? 0}/auth.json`;
    }
    if (!existsSync(runtimeDir)) {
      return new ConfigError(
        `"${runtimeDir}" directory set by $XDG_RUNTIME_DIR does not exist. ` +
          'Either create the directory or unset $XDG_RUNTIME_DIR.',
      );
    }
    return join(runtimeDir, 'containers/auth.json');
  }
}

// --- reading --------------------------------------------------------------------------------

function readAuthDocument(path: string, legacy: boolean): AuthDocument | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`reading ${path}: ${reasonOf(error)}`, { cause: error });
  }

  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`reading ${path}: ${reasonOf(error)}`, { cause: error });
  }
  return shapeOf(path, raw, legacy);
}

function shapeOf(path: string, raw: unknown, legacy: boolean): AuthDocument {
  if (!isObject(raw)) throw new ConfigError(`reading ${path}: not a JSON object`);
  if (legacy) return { raw, auths: entries(path, raw), credHelpers: {} };

  const auths = raw.auths ?? {};
  const credHelpers = raw.credHelpers ?? {};
  if (!isObject(auths)) throw new ConfigError(`reading ${path}: "auths" must be an object`);
  if (!isObject(credHelpers)) {
    throw new ConfigError(`reading ${path}: "credHelpers" must be an object`);
  }
  return { raw, auths: entries(path, auths), credHelpers };
}

function entries(path: string, auths: Record<string, unknown>): Record<string, AuthEntry> {
  for (const [key, entry] of Object.entries(auths)) {
    const valid =
      isObject(entry) &&
      ['auth', 'identitytoken'].every((field) =>
        ['undefined', 'string'].includes(typeof entry[field]),
      );
    if (!valid) throw new ConfigError(`reading ${path}: the entry for ${key} is malformed`);
  }
  return auths as Record<string, AuthEntry>;
}

function findCredentials(
  document: AuthDocument,
  path: string,
  key: string,
  registry: string,
  legacy: boolean,
): Credentials | undefined {
  if (Object.hasOwn(document.credHelpers, registry)) {
    debug('%s names a credential helper for %s, which Skiff does not run', path, registry);
    return undefined;
  }

  const found = matchingKey(document.auths, key, registry, legacy);
  return found === undefined ? undefined : decodeEntry(path, found, document.auths[found]);
}

// Exact keys first, most specific first; then, for the registry alone, keys written the way
// `docker login` once wrote them (`https://index.docker.io/v1/`, a URL with a path).
function matchingKey(
  auths: Record<string, AuthEntry>,
  key: string,
  registry: string,
  legacy: boolean,
): string | undefined {
  for (let candidate = key; ; candidate = candidate.slice(0, candidate.lastIndexOf('/'))) {
    if (Object.hasOwn(auths, candidate)) return candidate;
    if (!candidate.includes('/')) break;
  }

  const wanted = normalizeHost(registry);
  return Object.keys(auths).find((candidate) => normalizeKey(candidate, legacy) === wanted);
}

function normalizeKey(key: string, legacy: boolean): string {
  const stripped = key.replace(/^https?:\/\//, '');
  const host = legacy || stripped !== key ? stripped.split('/')[0] : stripped;
  return normalizeHost(host);
}

function normalizeHost(host: string): string {
  return DOCKER_HUB_KEYS.has(host) ? 'docker.io' : host;
}

function decodeEntry(path: string, key: string, entry: AuthEntry): Credentials | undefined {
  const auth = entry.auth ?? '';
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(auth) || auth.length % 4 !== 0) {
    throw new ConfigError(`reading ${path}: the "auth" field of ${key} is not valid base64`);
  }

  // Docker leaves `{}` behind for a registry whose secret is in a credential helper; such an
  // entry, like one without a colon, means "no credentials here", and the next file is tried.
  const decoded = Buffer.from(auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    debug('the "auth" field of %s in %s has no colon; ignoring it', key, path);
    return undefined;
  }

  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1).replace(/^\0+|\0+$/g, '');
  if (entry.identitytoken) return { identityToken: entry.identitytoken };
  if (username === '' && password === '') return undefined;
  return { username, password };
}

// --- writing --------------------------------------------------------------------------------

function emptyDocument(): AuthDocument {
  return { raw: {}, auths: {}, credHelpers: {} };
}

function entryFor(credentials: Credentials): AuthEntry {
  if ('identityToken' in credentials) {
    const auth = Buffer.from(`${TOKEN_USER}:`).toString('base64');
    return { auth, identitytoken: credentials.identityToken };
  }
  const { username, password } = credentials;
  return { auth: Buffer.from(`${username}:${password}`).toString('base64') };
}

// The file holds secrets: it is written 0600 into a 0700 directory, and replaced by rename so
// a reader never sees half of it and a crash never leaves it truncated.
function writeAuthDocument(path: string, document: AuthDocument): void {
  const sorted = Object.fromEntries(
    Object.keys(document.auths)
      .sort()
      .map((key) => [key, document.auths[key]]),
  );
  const text = JSON.stringify({ ...document.raw, auths: sorted }, null, '\t');

  const dir = dirname(path);
  const temporary = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeNewFile(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new ConfigError(`writing ${path}: ${reasonOf(error)}`, { cause: error });
  }
  debug('wrote %s', path);
}

function writeNewFile(path: string, text: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// --- keys -----------------------------------------------------------------------------------

function checkKey(key: string): void {
  if (/^https?:\/\//.test(key)) throw new InvalidArgument(`key ${key} contains http[s]:// prefix`);
  if (key.includes('@')) throw new InvalidArgument(`key ${key} contains a '@' character`);

  const slash = key.indexOf('/');
  if (slash >= 0 && key.slice(slash + 1).includes(':')) {
    throw new InvalidArgument(`key ${key} contains a ':' character after host[:port]`);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch (error) {
    throw new InvalidArgument(`trimming http{s} prefix: ${reasonOf(error)}`, { cause: error });
  }
}

function checkRepositoryKey(key: string, host: string, path: string): void {
  const name = path.split('@')[0].split(':')[0];
  const components = name.split('/');
  if (!components.every((part) => PATH_COMPONENT.test(part))) {
    const lower = components.every((part) => PATH_COMPONENT.test(part.toLowerCase()));
    const detail = lower ? ': repository name must be lowercase' : '';
    throw new InvalidArgument(`parse reference from "${key}": invalid reference format${detail}`);
  }
  if (name !== path) throw new InvalidArgument(`reference "${key}" contains tag or digest`);

  // Without a host, Podman reads the key as a Docker Hub name and refuses it with these words.
  if (!/[.:]/.test(host) && host !== 'localhost') {
    throw new InvalidArgument(
      `internal error: key "${key}" registry mismatch, "docker.io/${key}" vs. "docker.io"`,
    );
  }
}

// --- values ---------------------------------------------------------------------------------

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
