import type {
  Credentials,
  ImageProvider,
  ImageRecord,
  ImageReference,
  Platform,
  PullReport,
  TransferEvent,
} from '@skiff/contracts';
import { InvalidArgument, SkiffError } from '@skiff/contracts';
import createDebug from 'debug';

import { AuthFile } from '../config/auth-file.js';
import { RegistriesLoader } from '../config/registries-loader.js';
import { RegistryResolver } from '../config/registry-resolver.js';
import type { EngineContext } from '../engine-context.js';
import { rootlessIdentity } from '../rootless/rootless-identity.js';
import { prepareRuntimeDir, rootlessRuntimeDir } from '../rootless/runtime-dir.js';
import { capability } from './image-archives.js';
import { ImageService } from './image-service.js';

const debug = createDebug('skiff:core:image');

/** RegistryAccessOptions are the flags pull, push and login share. */
export interface RegistryAccessOptions {
  /** `--authfile` */
  authfile?: string;
  /** `--creds user[:password]` */
  creds?: string;
  /** `--tls-verify=false` turns it off; unset keeps what registries.conf says. */
  tlsVerify?: boolean;
  onProgress?: (event: TransferEvent) => void;
  /** Messages Podman prints on stderr before a transfer (`Resolving "x" using ...`). */
  onMessage?: (text: string) => void;
  signal?: AbortSignal;
}

/** PullImageOptions is `skiff pull`: what was typed and the platform flags. */
export interface PullImageOptions extends RegistryAccessOptions {
  reference: string;
  /** `--platform os/arch[/variant]` */
  platform?: string;
  os?: string;
  arch?: string;
  variant?: string;
}

/** PulledImage is a pulled image's record and the name the pull gave it. */
export interface PulledImage {
  image: ImageRecord;
  name: string;
}

/** PushImageOptions is `skiff push IMAGE [DESTINATION]`. */
export interface PushImageOptions extends RegistryAccessOptions {
  image: string;
  destination?: string;
}

/** LoginOptions is `skiff login`: a registry and the credentials to check and keep. */
export interface LoginOptions extends Omit<RegistryAccessOptions, 'creds'> {
  /** Unset: the first unqualified-search registry, as Podman's. */
  registry?: string;
  username: string;
  password: string;
}

/** LogoutOptions is `skiff logout REGISTRY` or `skiff logout --all`. */
export interface LogoutOptions {
  /** Unset: the first unqualified-search registry, as Podman's. */
  registry?: string;
  all: boolean;
  authfile?: string;
}

/**
 * ImageTransfers moves images between storage and registries over the image provider, and
 * keeps the credentials for them: registries.conf decides which names a short name stands for,
 * where a name is fetched from (mirrors first) and what is blocked; auth.json holds logins.
 * An image is recorded only once the provider has stored all of it.
 */
export class ImageTransfers {
  constructor(private readonly ctx: EngineContext) {}

  /** pull fetches an image and names it; it returns the local record and the name it got. */
  async pull(options: PullImageOptions): Promise<PulledImage> {
    const provider = await this.ctx.imageProvider();
    const pull = capability(provider, 'pull');
    const platform = this.platform(options);
    const auth = this.authFile(options.authfile);
    auth.checkExplicit();

    const typed = stripTransport(options.reference);
    const resolution = this.resolver().resolveName(provider.parseReference(typed));
    if (resolution.description) options.onMessage?.(resolution.description);

    let failure: unknown;
    for (const candidate of resolution.candidates) {
      const name = provider.formatReference(candidate);
      // Podman names what it pulls once, however many mirrors it asks before the registry.
      options.onProgress?.({ kind: 'resolving', reference: name });
      try {
        const report = await this.pullFromSources(provider, pull, candidate, name, {
          ...options,
          platform,
          auth,
        });
        return { image: this.record(report, name), name };
      } catch (error) {
        if (options.signal?.aborted) throw error;
        debug('pulling %s: %s', name, error);
        failure = error;
      }
    }
    throw failure ?? new InvalidArgument(`no candidates to pull ${typed} from`);
  }

  /** push copies a local image to a registry and returns the digest of its manifest there. */
  async push(options: PushImageOptions): Promise<string> {
    const provider = await this.ctx.imageProvider();
    const push = capability(provider, 'push');
    const image = await new ImageService(this.ctx).resolve(options.image);
    const auth = this.authFile(options.authfile);
    auth.checkExplicit();

    const destination = this.destination(provider, options);
    const name = `${destination.registry}/${destination.repository}`;
    const endpoint = this.resolver().endpointFor(name);
    const report = await push.call(provider, {
      image,
      destination,
      endpoint: tlsEndpoint(endpoint, options.tlsVerify),
      credentials: auth.lookup,
      explicitCredentials: parseCreds(options.creds),
      tlsVerifyDisabled: options.tlsVerify === false,
      onProgress: options.onProgress,
      signal: options.signal,
    });
    debug('pushed %s to %s as %s', image.id, name, report.digest);
    return report.digest;
  }

  /** login checks credentials with the registry, then stores them; returns the file written. */
  async login(options: LoginOptions): Promise<string> {
    const provider = await this.ctx.imageProvider();
    const login = capability(provider, 'login');
    const resolver = this.resolver();
    const key = AuthFile.keyFromArgument(options.registry ?? resolver.defaultRegistry());
    const auth = this.authFile(options.authfile);
    const credentials = { username: options.username, password: options.password };

    const endpoint = resolver.endpointFor(key);
    await login.call(provider, {
      endpoint: tlsEndpoint(endpoint, options.tlsVerify),
      credentials,
      tlsVerifyDisabled: options.tlsVerify === false,
    });
    return auth.store(key, credentials);
  }

  /** logout forgets the credentials of one registry, or of all with `all`; returns its key. */
  logout(options: LogoutOptions): string | undefined {
    const auth = this.authFile(options.authfile);
    auth.checkExplicit();
    if (options.all) {
      auth.removeAll();
      return undefined;
    }
    const key = AuthFile.keyFromArgument(options.registry ?? this.resolver().defaultRegistry());
    auth.remove(key);
    return key;
  }

  private async pullFromSources(
    provider: ImageProvider,
    pull: NonNullable<ImageProvider['pull']>,
    candidate: ImageReference,
    name: string,
    options: Omit<PullImageOptions, 'platform'> & { platform: Partial<Platform>; auth: AuthFile },
  ): Promise<PullReport> {
    const sources = this.resolver().pullSources(candidate);
    const onProgress = withoutResolving(options.onProgress);
    let failure: unknown;
    for (const [index, source] of sources.entries()) {
      if (source.blocked) {
        failure = SkiffError.wrap(`initializing source docker://${name}`, source.blocked);
        continue;
      }
      try {
        return await pull.call(provider, {
          reference: source.reference,
          endpoints: [tlsEndpoint(source.endpoint, options.tlsVerify)],
          platform: options.platform,
          credentials: options.auth.lookup,
          explicitCredentials: parseCreds(options.creds),
          tlsVerifyDisabled: options.tlsVerify === false,
          onProgress,
          signal: options.signal,
        });
      } catch (error) {
        if (options.signal?.aborted || index === sources.length - 1) throw error;
        debug('pull from %s failed, trying the next source: %s', source.endpoint.location, error);
        failure = error;
      }
    }
    throw failure;
  }

  private record(report: PullReport, name: string): ImageRecord {
    debug('pulled %s as %s', report.id, name);
    return this.ctx.images.saveReport(report, [name]);
  }

  private destination(provider: ImageProvider, options: PushImageOptions): ImageReference {
    const typed = stripTransport(options.destination ?? options.image);
    const reference = provider.parseReference(typed);
    if (reference.registry === '') {
      throw new InvalidArgument(`${typed}: a push destination must name its registry`);
    }
    return reference;
  }

  private platform(options: PullImageOptions): Partial<Platform> {
    if (options.platform === undefined) {
      return dropUndefined({
        os: options.os,
        architecture: options.arch,
        variant: options.variant,
      });
    }
    if (options.os || options.arch || options.variant) {
      throw new InvalidArgument('--platform option can not be specified with --arch or --os');
    }
    return parsePlatform(options.platform);
  }

  private resolver(): RegistryResolver {
    const { rootless } = this.ctx.environment;
    const config = new RegistriesLoader({ env: this.ctx.hostEnv, rootless }).load();
    return new RegistryResolver(config);
  }

  // A rootless session without XDG_RUNTIME_DIR keeps its credentials in the runtime
  // directory Skiff uses instead, as Podman does with its own; /run/containers is root's.
  private authFile(authfile: string | undefined): AuthFile {
    const { rootless, inNamespace, uid } = rootlessIdentity(this.ctx.hostEnv);
    const env = this.ctx.hostEnv;
    let runtimeDir = env.XDG_RUNTIME_DIR;
    // Inside the namespace owners read differently, and the directory exists already.
    if (rootless && !runtimeDir) {
      runtimeDir = inNamespace ? rootlessRuntimeDir(env, uid) : prepareRuntimeDir(env, uid);
    }
    return new AuthFile({ env: { ...env, XDG_RUNTIME_DIR: runtimeDir }, authfile, uid });
  }
}

function tlsEndpoint(
  endpoint: { location: string; insecure: boolean },
  tlsVerify: boolean | undefined,
) {
  return tlsVerify === false ? { ...endpoint, insecure: true } : endpoint;
}

/** withoutResolving drops the provider's `resolving` events, which name a mirror's copy. */
function withoutResolving(onProgress: PullImageOptions['onProgress']) {
  if (onProgress === undefined) return undefined;
  return (event: TransferEvent) => {
    if (event.kind !== 'resolving') onProgress(event);
  };
}

/** stripTransport accepts `docker://name` as Podman does for pull and push. */
function stripTransport(typed: string): string {
  return typed.startsWith('docker://') ? typed.slice('docker://'.length) : typed;
}

/** parseCreds reads `--creds user[:password]`; an empty user is an error, as in Podman. */
export function parseCreds(creds: string | undefined): Credentials | undefined {
  if (creds === undefined) return undefined;
  const colon = creds.indexOf(':');
  const username = colon < 0 ? creds : creds.slice(0, colon);
  if (username === '') throw new InvalidArgument('username cannot be empty');
  return { username, password: colon < 0 ? '' : creds.slice(colon + 1) };
}

/** parsePlatform reads `--platform os/arch[/variant]`. */
export function parsePlatform(text: string): Partial<Platform> {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => part === '')) {
    throw new InvalidArgument(`invalid platform syntax for --platform=${JSON.stringify(text)}`);
  }
  const [os, architecture, variant] = parts;
  return dropUndefined({ os, architecture, variant });
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined && field !== ''),
  ) as Partial<T>;
}
