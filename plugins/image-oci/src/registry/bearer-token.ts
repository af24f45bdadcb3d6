import { InvalidArgument } from '@skiff/contracts';
import type { Credentials } from '@skiff/contracts';

import { logger } from '../logger.js';
import type { HttpClient, HttpResponse } from './http-client.js';
import { readBody } from './read-body.js';
import { ERROR_BODY_LIMIT, registryErrorText } from './registry-error-text.js';

const log = logger('auth');

const TOKEN_BODY_LIMIT = 1024 * 1024;
// Token servers want a client id for auditing in the oauth2 flow; any stable name will do.
const CLIENT_ID = 'skiff';

/** TokenRequest is what a bearer token is asked for with. */
export interface TokenRequest {
  /** The `realm` and `service` of the registry's challenge. */
  realm: string;
  service?: string;
  /** Scopes such as `repository:library/busybox:pull`; none for a login check. */
  scopes: readonly string[];
  credentials?: Credentials;
  tlsVerify: boolean;
  signal?: AbortSignal;
}

/** BearerToken is a token and the seconds it lives, when the server says. */
export interface BearerToken {
  token: string;
  expiresIn?: number;
}

interface TokenDocument {
  token?: unknown;
  access_token?: unknown;
  expires_in?: unknown;
}

/**
 * fetchBearerToken asks a registry's token server for a bearer token (Docker registry v2
 * token authentication) and fails with the server's words when refused.
 */
export async function fetchBearerToken(
  http: HttpClient,
  request: TokenRequest,
): Promise<BearerToken> {
  const response = await requestBearerToken(http, request);
  if (response.status !== 200) throw await tokenFailure(response);
  return readBearerToken(response);
}

/**
 * requestBearerToken sends the token request and returns the answer unread. A user and
 * password go as basic auth on a GET, which every token server supports; an identity token
 * (what `login` to some registries hands out) can only be used as an oauth2 refresh token in
 * a POST, so a token server without oauth2 refuses it.
 */
export async function requestBearerToken(
  http: HttpClient,
  request: TokenRequest,
): Promise<HttpResponse> {
  const { credentials } = request;
  if (credentials !== undefined && 'identityToken' in credentials) {
    return postRefreshToken(http, request, credentials.identityToken);
  }
  return getToken(http, request);
}

/** readBearerToken reads the token out of a token server's 200 answer. */
export async function readBearerToken(response: HttpResponse): Promise<BearerToken> {
  const document = await readDocument(response);
  const token = document.token ?? document.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new InvalidArgument('unable to retrieve auth token: the token server sent no token');
  }

  log('got a bearer token from %s', response.url.origin);
  const expiresIn = typeof document.expires_in === 'number' ? document.expires_in : undefined;
  return { token, expiresIn };
}

async function getToken(http: HttpClient, request: TokenRequest): Promise<HttpResponse> {
  const url = realmUrl(request.realm);
  if (request.service) url.searchParams.set('service', request.service);
  for (const scope of request.scopes) url.searchParams.append('scope', scope);

  const headers: Record<string, string> = {};
  const { credentials } = request;
  if (credentials !== undefined && 'username' in credentials) {
    url.searchParams.set('account', credentials.username);
    headers.Authorization = basicAuthorization(credentials.username, credentials.password);
  }

  const { tlsVerify, signal } = request;
  return http.send({ method: 'GET', url, headers, tlsVerify, signal });
}

async function postRefreshToken(
  http: HttpClient,
  request: TokenRequest,
  refreshToken: string,
): Promise<HttpResponse> {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: CLIENT_ID,
  });
  if (request.service) form.set('service', request.service);
  if (request.scopes.length > 0) form.set('scope', request.scopes.join(' '));

  const body = Buffer.from(form.toString());
  const headers = {
    'Content-Type': 'application/x-www-form-urlencoded',
    'Content-Length': String(body.length),
  };
  const { tlsVerify, signal } = request;
  return http.send({
    method: 'POST',
    url: realmUrl(request.realm),
    headers,
    body,
    tlsVerify,
    signal,
  });
}

/** basicAuthorization is the `Authorization` header value of HTTP basic auth. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

function realmUrl(realm: string): URL {
  try {
    return new URL(realm);
  } catch (cause) {
    throw new InvalidArgument(`unable to retrieve auth token: invalid realm "${realm}"`, { cause });
  }
}

async function readDocument(response: HttpResponse): Promise<TokenDocument> {
  const body = await readBody(response.body, TOKEN_BODY_LIMIT);
  try {
    return JSON.parse(body.toString('utf8')) as TokenDocument;
  } catch (cause) {
    throw new InvalidArgument('unable to retrieve auth token: the answer is not JSON', { cause });
  }
}

/** tokenFailure words a token server's refusal as containers/image does. */
export async function tokenFailure(response: HttpResponse): Promise<InvalidArgument> {
  const body = await readBody(response.body, ERROR_BODY_LIMIT).catch(() => Buffer.alloc(0));
  const text = registryErrorText(response.status, response.statusText, body);

  const refused = response.status === 401 ? 'invalid username/password: ' : '';
  return new InvalidArgument(`unable to retrieve auth token: ${refused}${text}`);
}
