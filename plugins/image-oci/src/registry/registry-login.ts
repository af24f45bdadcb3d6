import { InvalidArgument, SkiffError } from '@skiff/contracts';
import type { Credentials, RegistryLoginOptions } from '@skiff/contracts';

import type { AuthChallenge } from './auth-challenge.js';
import {
  basicAuthorization,
  readBearerToken,
  requestBearerToken,
  tokenFailure,
} from './bearer-token.js';
import type { HttpClient, HttpResponse } from './http-client.js';
import { pingRegistry } from './ping-registry.js';
import type { PingReport } from './ping-registry.js';
import { registryLocation } from './registry-location.js';
import type { RegistryLocation } from './registry-location.js';

/**
 * registryLogin checks credentials against a registry the way `podman login` does: it asks for
 * a token with them (no scope) from a token-auth registry, or gets `/v2/` with them from a
 * basic-auth one. A registry that asks for no auth accepts anything. Refused credentials are
 * an InvalidArgument worded as Podman words it: `logging into "host": invalid username/password`.
 */
export async function registryLogin(
  http: HttpClient,
  options: RegistryLoginOptions,
): Promise<void> {
  const location = registryLocation(options.endpoint, '', options.tlsVerifyDisabled);
  let ping: PingReport;
  try {
    ping = await pingRegistry(http, location);
  } catch (cause) {
    throw SkiffError.wrap(`authenticating creds for "${location.registry}"`, cause);
  }

  const { challenge, base } = ping;
  if (challenge === undefined) return;

  const response = await check(http, location, base, challenge, options.credentials);
  if (response.status === 200) {
    response.body.resume();
    return;
  }
  if (response.status === 401) {
    response.body.resume();
    throw new InvalidArgument(`logging into "${location.registry}": invalid username/password`);
  }
  const failure = await tokenFailure(response);
  throw SkiffError.wrap(`logging into "${location.registry}"`, failure);
}

async function check(
  http: HttpClient,
  location: RegistryLocation,
  base: URL,
  challenge: AuthChallenge,
  credentials: Credentials,
): Promise<HttpResponse> {
  const tlsVerify = !location.insecure;
  if (challenge.scheme === 'bearer') {
    const { realm, service } = challenge.params;
    if (!realm) throw new InvalidArgument(`logging into "${location.registry}": no token realm`);
    const response = await requestBearerToken(http, {
      realm,
      service,
      scopes: [],
      credentials,
      tlsVerify,
    });
    // A 200 without a usable token is a refusal of its own kind.
    if (response.status === 200) await readBearerToken(response);
    return response;
  }

  if (!('username' in credentials)) {
    throw new InvalidArgument(
      `logging into "${location.registry}": the registry takes a user and password, not an identity token`,
    );
  }
  const headers = { Authorization: basicAuthorization(credentials.username, credentials.password) };
  return http.send({ method: 'GET', url: new URL('/v2/', base), headers, tlsVerify });
}
