import { createHash } from 'node:crypto';

import { InvalidArgument, SkiffError } from '@skiff/contracts';
import type { Credentials, ErrorCode } from '@skiff/contracts';

import { parseAuthChallenges } from './auth-challenge.js';
import type { AuthChallenge } from './auth-challenge.js';
import { basicAuthorization, fetchBearerToken } from './bearer-token.js';
import type { HttpClient, HttpRequest, HttpResponse } from './http-client.js';
import { pingRegistry } from './ping-registry.js';
import { readBody } from './read-body.js';
import { ERROR_BODY_LIMIT, registryErrorText } from './registry-error-text.js';
import type { RegistryLocation } from './registry-location.js';
import type { TokenCache } from './token-cache.js';

/** RegistryClientOptions names the repository to talk to and how to authenticate. */
export interface RegistryClientOptions {
  location: RegistryLocation;
  credentials?: Credentials;
  /** Ask for push access as well as pull. */
  push?: boolean;
  signal?: AbortSignal;
}

/** RegistryRequest is a request about the client's repository. */
export interface RegistryRequest {
  method: HttpRequest['method'];
  /** A path under `/v2/<repository>/` (`manifests/latest`), or a URL the registry gave. */
  path: string | URL;
  headers?: Record<string, string>;
  body?: HttpRequest['body'];
  /** Scopes needed beyond this repository's, such as pulling from another for a mount. */
  extraScopes?: readonly string[];
  /** Stops this request only; the client's own signal stops it too. */
  signal?: AbortSignal;
}

/** Shared by a client and everything it is built from. */
interface Connection {
  http: HttpClient;
  tokens: TokenCache;
  base: URL;
  challenge?: AuthChallenge;
}

/**
 * RegistryClient talks to one repository of one registry endpoint over the distribution API:
 * it pings once to learn the scheme and the auth, then adds credentials to every request,
 * a bearer token for the repository's scope (cached for the process) or basic auth.
 */
export class RegistryClient {
  private constructor(
    private readonly connection: Connection,
    private readonly options: RegistryClientOptions,
  ) {}

  /** connect pings the registry and returns a client for the repository. */
  static async connect(
    http: HttpClient,
    tokens: TokenCache,
    options: RegistryClientOptions,
  ): Promise<RegistryClient> {
    const ping = await pingRegistry(http, options.location, options.signal);
    return new RegistryClient({ http, tokens, ...ping }, options);
  }

  /** The repository as errors name it: `127.0.0.1:5000/app`. */
  get name(): string {
    return this.options.location.name;
  }

  /** send sends a request with credentials, retrying once with a new token when refused. */
  async send(request: RegistryRequest): Promise<HttpResponse> {
    const scopes = this.scopes(request.extraScopes);
    const response = await this.sendWith(request, await this.authorization(scopes, false));
    if (response.status !== 401 || !this.mayRetry(request)) return response;

    // The token may have been revoked, or the registry wants a scope it did not name at ping.
    response.body.resume();
    const wanted = this.challengeScopes(response);
    const more = [...new Set([...scopes, ...wanted])];
    return this.sendWith(request, await this.authorization(more, true));
  }

  /** failure reads an error response and words it as `<step>: <registry's words>`. */
  async failure(step: string, response: HttpResponse): Promise<SkiffError> {
    const body = await readBody(response.body, ERROR_BODY_LIMIT).catch(() => Buffer.alloc(0));
    const text = registryErrorText(response.status, response.statusText, body);
    // 404 is the registry's `manifest unknown`, `blob unknown` or `name unknown`. Refused
    // credentials, a denied scope and a misbehaving server are for the user to fix.
    const code: ErrorCode = response.status === 404 ? 'NoSuchImage' : 'InvalidArgument';
    return new SkiffError(code, `${step}: ${text}`);
  }

  /** url is the address of a path under the repository. */
  url(path: string): URL {
    return new URL(`/v2/${this.options.location.repository}/${path}`, this.connection.base);
  }

  private async sendWith(request: RegistryRequest, authorization?: string): Promise<HttpResponse> {
    const url = typeof request.path === 'string' ? this.url(request.path) : request.path;
    const headers = { ...request.headers };
    if (authorization !== undefined) headers.Authorization = authorization;

    const { http } = this.connection;
    const { method, body } = request;
    return http.send({
      method,
      url,
      headers,
      body,
      tlsVerify: this.tlsVerify,
      signal: this.signal,
    });
  }

  private async authorization(scopes: string[], fresh: boolean): Promise<string | undefined> {
    const { challenge } = this.connection;
    const { credentials } = this.options;
    if (challenge?.scheme === 'basic') {
      const user = credentials !== undefined && 'username' in credentials ? credentials : undefined;
      return user && basicAuthorization(user.username, user.password);
    }
    if (challenge?.scheme !== 'bearer') return undefined;

    const key = this.tokenKey(challenge, scopes);
    const cached = fresh ? undefined : this.connection.tokens.get(key);
    if (cached !== undefined) return `Bearer ${cached}`;

    const token = await this.fetchToken(challenge, scopes);
    this.connection.tokens.set(key, token.token, token.expiresIn);
    return `Bearer ${token.token}`;
  }

  private async fetchToken(challenge: AuthChallenge, scopes: string[]) {
    const { realm, service } = challenge.params;
    if (!realm)
      throw new InvalidArgument('the registry asks for a bearer token but names no realm');

    const { http } = this.connection;
    const { credentials } = this.options;
    const { tlsVerify, signal } = this;
    return fetchBearerToken(http, { realm, service, scopes, credentials, tlsVerify, signal });
  }

  private tokenKey(challenge: AuthChallenge, scopes: string[]): string {
    // Tokens of different users must never mix; the hash keeps secrets out of the key.
    const who = createHash('sha256')
      .update(JSON.stringify(this.options.credentials ?? null))
      .digest('hex');
    const { realm, service } = challenge.params;
    return [realm, service ?? '', [...scopes].sort().join(' '), who].join('\n');
  }

  private scopes(extra: readonly string[] = []): string[] {
    const actions = this.options.push ? 'pull,push' : 'pull';
    return [`repository:${this.options.location.repository}:${actions}`, ...extra];
  }

  private challengeScopes(response: HttpResponse): string[] {
    const header = response.headers['www-authenticate'];
    const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
    const bearer = parseAuthChallenges(text).find(({ scheme }) => scheme === 'bearer');
    return bearer?.params.scope ? bearer.params.scope.split(' ') : [];
  }

  private mayRetry(request: RegistryRequest): boolean {
    // A streamed body has been spent; only bytes in memory can be sent again.
    const replayable = request.body === undefined || Buffer.isBuffer(request.body);
    return replayable && this.connection.challenge?.scheme === 'bearer';
  }

  private get tlsVerify(): boolean {
    return !this.options.location.insecure;
  }

  private get signal(): AbortSignal | undefined {
    return this.options.signal;
  }
}
