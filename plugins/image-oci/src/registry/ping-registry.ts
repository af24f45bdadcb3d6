import type { IncomingHttpHeaders } from 'node:http';

import { InvalidArgument, SkiffError } from '@skiff/contracts';

import { logger } from '../logger.js';
import { parseAuthChallenges } from './auth-challenge.js';
import type { AuthChallenge } from './auth-challenge.js';
import type { HttpClient } from './http-client.js';
import type { RegistryLocation } from './registry-location.js';

const log = logger('ping');

/** PingReport is how to talk to a registry: its base URL and the auth it asks for. */
export interface PingReport {
  /** `https://host[:port]` or, for an insecure registry without TLS, `http://...`. */
  base: URL;
  /** The challenge of the registry's 401 to `/v2/`; none when it needs no auth. */
  challenge?: AuthChallenge;
}

/**
 * pingRegistry asks `GET /v2/` to learn whether a registry speaks TLS and which auth it wants.
 * An insecure registry is tried with HTTPS without certificate checks first, then with plain
 * HTTP when that connection fails, as containers/image does; the error then is plain HTTP's,
 * which is the one Podman reports.
 */
export async function pingRegistry(
  http: HttpClient,
  location: RegistryLocation,
  signal?: AbortSignal,
): Promise<PingReport> {
  try {
    return await pingScheme(http, location, 'https', signal);
  } catch (error) {
    if (!location.insecure || signal?.aborted) throw pingFailure(location, error);
    log('%s did not answer over HTTPS, trying HTTP: %s', location.host, error);
  }

  try {
    return await pingScheme(http, location, 'http', signal);
  } catch (error) {
    throw signal?.aborted ? error : pingFailure(location, error);
  }
}

async function pingScheme(
  http: HttpClient,
  location: RegistryLocation,
  scheme: 'http' | 'https',
  signal?: AbortSignal,
): Promise<PingReport> {
  const base = new URL(`${scheme}://${location.host}`);
  const url = new URL('/v2/', base);
  const tlsVerify = !location.insecure;
  const response = await http.send({ method: 'GET', url, tlsVerify, signal });
  response.body.resume();

  if (response.status === 200) return { base };
  if (response.status === 401) return { base, challenge: chooseChallenge(response.headers) };
  throw new InvalidArgument(
    `invalid status code from registry ${response.status} (${response.statusText})`,
  );
}

function chooseChallenge(headers: IncomingHttpHeaders): AuthChallenge | undefined {
  const header = headers['www-authenticate'];
  const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
  const challenges = parseAuthChallenges(text);

  // A registry offering both is better served with a token, which can be scoped.
  const bearer = challenges.find(({ scheme }) => scheme === 'bearer');
  return bearer ?? challenges.find(({ scheme }) => scheme === 'basic');
}

function pingFailure(location: RegistryLocation, cause: unknown): SkiffError {
  return SkiffError.wrap(`pinging container registry ${location.registry}`, cause);
}
