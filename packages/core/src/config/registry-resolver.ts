import { InvalidArgument, type ImageReference, type RegistryEndpoint } from '@skiff/contracts';
import createDebug from 'debug';

import {
  qualifiedName,
  type RegistriesConfig,
  type RegistryEntry,
  type ShortNameAlias,
} from './registries-config.js';

const debug = createDebug('skiff:core:config');

/** ResolveNameReport lists the fully qualified names a pull tries, in order. */
export interface ResolveNameReport {
  candidates: ImageReference[];
  /**
   * What Podman prints before trying them (`Resolved "x" as an alias (<file>)`, `Resolving "x"
   * using unqualified-search registries (<file>)`); empty for a qualified name.
   */
  description: string;
}

/** PullSource is one place to fetch a qualified reference from: a mirror or the registry. */
export interface PullSource {
  /** The reference as this endpoint names it, after registries.conf rewrote its prefix. */
  reference: ImageReference;
  /** `location` is the rewritten reference's `host[:port]`; `insecure` is this endpoint's own. */
  endpoint: RegistryEndpoint;
  mirror: boolean;
  /**
   * Set when registries.conf blocks the rewritten name: this attempt fails with the error.
   * Podman checks each endpoint on its own, so a blocked mirror only fails its own attempt.
   */
  blocked?: InvalidArgument;
}

/**
 * RegistryResolver answers the questions registries.conf settles for a pull, push or login:
 * which names a short name stands for, which `[[registry]]` table governs a name (longest
 * prefix, `*.example.com` wildcards), whether it is blocked, and which mirrors to try first.
 *
 * Skiff never prompts. Where Podman would offer a choice on a terminal it acts as Podman does
 * without one: `enforcing` with several search registries is an error, `permissive` and
 * `disabled` try every search registry in order.
 */
export class RegistryResolver {
  constructor(private readonly config: RegistriesConfig) {}

  /** resolveName expands a short name (empty `registry`); a qualified one is its only candidate. */
  resolveName(reference: ImageReference): ResolveNameReport {
    if (reference.registry !== '') {
      const name = qualifiedName(reference.registry, reference.repository);
      return { candidates: [withLatest(reference, name)], description: '' };
    }

    const alias = this.alias(reference.repository);
    if (alias?.target) {
      debug('short name %s is an alias from %s', reference.repository, alias.origin);
      return {
        candidates: [withLatest(reference, alias.target)],
        description: `Resolved "${reference.repository}" as an alias (${alias.origin})`,
      };
    }
    return this.searchCandidates(reference);
  }

  /** findRegistry returns the `[[registry]]` whose prefix matches `name` the longest. */
  findRegistry(name: string): RegistryEntry | undefined {
    let found: RegistryEntry | undefined;
    for (const entry of this.config.registries) {
      const longer = !found || entry.prefix.length > found.prefix.length;
      if (longer && matchLength(name, entry.prefix) >= 0) found = entry;
    }
    return found;
  }

  /**
   * pullSources lists where to fetch a qualified reference: the mirrors that serve this kind of
   * pull (by tag or by digest), then the registry's own location, each with the prefix rewritten.
   */
  pullSources(reference: ImageReference): PullSource[] {
    const name = nameOf(reference);
    const entry = this.findRegistry(name);
    if (!entry) {
      return [this.source(reference, { location: reference.registry, insecure: false }, false)];
    }

    const digested = reference.digest !== undefined;
    const mirrors = entry.mirrors.filter((mirror) =>
      entry.mirrorByDigestOnly
        ? digested
        : mirror.pullFromMirror === 'all' || (mirror.pullFromMirror === 'digest-only') === digested,
    );
    const endpoints = [
      ...mirrors.map((mirror) => ({ endpoint: mirror, mirror: true })),
      { endpoint: { location: entry.location, insecure: entry.insecure }, mirror: false },
    ];
    return endpoints.map(({ endpoint, mirror }) => {
      const rewritten = rewrite(reference, entry.prefix, endpoint.location);
      const target = { location: rewritten.registry, insecure: endpoint.insecure };
      return this.source(rewritten, target, mirror);
    });
  }

  /**
   * endpointFor is where a push or login goes: the name's own host (registries.conf rewrites
   * only pulls), insecure when its `[[registry]]` says so. Throws InvalidArgument when blocked.
   */
  endpointFor(name: string): RegistryEndpoint {
    const blocked = this.blockedError(name);
    if (blocked) throw blocked;

    const host = name.split('/')[0];
    return { location: host, insecure: this.findRegistry(name)?.insecure ?? false };
  }

  /**
   * defaultRegistry is where login and logout go when given no registry: the first
   * unqualified-search registry.
   */
  defaultRegistry(): string {
    const first = this.config.unqualifiedSearchRegistries[0];
    if (first === undefined) {
      throw new InvalidArgument(
        'no registries found in registries.conf, a registry must be provided',
      );
    }
    return first;
  }

  private source(
    reference: ImageReference,
    endpoint: RegistryEndpoint,
    mirror: boolean,
  ): PullSource {
    const source: PullSource = { reference, endpoint, mirror };
    const blocked = this.blockedError(nameOf(reference));
    if (blocked) source.blocked = blocked;
    return source;
  }

  private blockedError(name: string): InvalidArgument | undefined {
    const entry = this.findRegistry(name);
    if (!entry?.blocked) return undefined;

    const { configPath, configDirPath } = this.config;
    return new InvalidArgument(
      `registry ${entry.prefix} is blocked in ${configPath} or ${configDirPath}`,
    );
  }

  // Aliases recorded in short-name-aliases.conf come first; one recorded as empty hides the
  // registries.conf alias of the same name.
  private alias(shortName: string): ShortNameAlias | undefined {
    return this.config.recordedAliases.get(shortName) ?? this.config.aliases.get(shortName);
  }

  private searchCandidates(reference: ImageReference): ResolveNameReport {
    const { unqualifiedSearchRegistries: registries, searchRegistriesOrigin: origin } = this.config;
    if (registries.length === 0) throw noSearchRegistries(reference, origin);

    const candidates = registries.map((registry) =>
      withLatest(reference, qualifiedName(registry, reference.repository)),
    );
    const ambiguous = candidates.length > 1 && this.config.shortNameMode === 'enforcing';
    if (ambiguous) {
      throw new InvalidArgument('short-name resolution enforced but cannot prompt without a TTY');
    }

    const description = `Resolving "${reference.repository}" using unqualified-search registries (${origin})`;
    return { candidates, description };
  }
}

function noSearchRegistries(reference: ImageReference, origin: string): InvalidArgument {
  const shortName = formatShortName(reference);
  const where = origin
    ? `no unqualified-search registries are defined in "${origin}"`
    : 'no containers-registries.conf(5) was found';
  return new InvalidArgument(`short-name "${shortName}" did not resolve to an alias and ${where}`);
}

// matchLength is how much of `name` a prefix covers, or -1. A plain prefix must end at a
// component boundary; note that, as in Podman, `example.com` also covers `example.com:5000`.
// A wildcard `*.example.com` covers any subdomain of example.com, never example.com itself.
function matchLength(name: string, prefix: string): number {
  let end: number;
  if (prefix.startsWith('*.')) {
    const domain = prefix.slice(1);
    const at = name.indexOf(domain);
    if (at < 0 || name.slice(0, at).includes('/')) return -1;
    end = at + domain.length;
  } else {
    if (!name.startsWith(prefix)) return -1;
    end = prefix.length;
  }
  return end === name.length || ':/@'.includes(name[end]) ? end : -1;
}

function rewrite(reference: ImageReference, prefix: string, location: string): ImageReference {
  // A wildcard table without a location leaves names where they are.
  if (location === '') return reference;

  const name = nameOf(reference);
  const rewritten = location + name.slice(matchLength(name, prefix));
  const slash = rewritten.indexOf('/');
  if (slash <= 0 || slash === rewritten.length - 1) {
    throw new InvalidArgument('rewriting reference: repository name must be canonical');
  }

  const target = qualifiedName(rewritten.slice(0, slash), rewritten.slice(slash + 1));
  debug('reference %s rewritten to %s/%s', name, target.registry, target.repository);
  return withVersion(reference, target);
}

function withLatest(
  reference: ImageReference,
  name: { registry: string; repository: string },
): ImageReference {
  const result = withVersion(reference, name);
  if (result.tag === undefined && result.digest === undefined) result.tag = 'latest';
  return result;
}

function withVersion(
  reference: ImageReference,
  name: { registry: string; repository: string },
): ImageReference {
  const result: ImageReference = { registry: name.registry, repository: name.repository };
  if (reference.tag !== undefined) result.tag = reference.tag;
  if (reference.digest !== undefined) result.digest = reference.digest;
  return result;
}

function nameOf(reference: ImageReference): string {
  if (reference.registry === '') {
    throw new InvalidArgument(`"${reference.repository}" is not a fully qualified image name`);
  }
  return `${reference.registry}/${reference.repository}`;
}

function formatShortName(reference: ImageReference): string {
  const tag = reference.tag === undefined ? '' : `:${reference.tag}`;
  const digest = reference.digest === undefined ? '' : `@${reference.digest}`;
  return `${reference.repository}${tag}${digest}`;
}
