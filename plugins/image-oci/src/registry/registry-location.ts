import { InvalidArgument } from '@skiff/contracts';
import type { RegistryEndpoint } from '@skiff/contracts';

// Docker Hub's API is not served under the name its images carry.
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';

/** RegistryLocation is where one repository lives on one endpoint. */
export interface RegistryLocation {
  /** The registry as the endpoint names it, `host[:port]`. */
  registry: string;
  /** `host[:port]` to connect to. */
  host: string;
  /** The repository's name on that host, the endpoint's path prefix included. */
  repository: string;
  /** How errors name the repository, as Podman does: `127.0.0.1:5000/app`. */
  name: string;
  /** Plain HTTP, or HTTPS without certificate checks, may be used. */
  insecure: boolean;
}

/**
 * registryLocation finds `repository` on `endpoint`, whose location is `host[:port]` or
 * `host[:port]/prefix` (a mirror that keeps a registry's repositories under a path).
 */
export function registryLocation(
  endpoint: RegistryEndpoint,
  repository: string,
  tlsVerifyDisabled = false,
): RegistryLocation {
  const location = endpoint.location.replace(/\/+$/, '');
  const slash = location.indexOf('/');
  const host = slash < 0 ? location : location.slice(0, slash);
  const prefix = slash < 0 ? '' : location.slice(slash + 1);
  if (host === '') throw new InvalidArgument(`invalid registry location "${endpoint.location}"`);

  const path = prefix === '' ? repository : `${prefix}/${repository}`;
  return {
    registry: host,
    host: host === DOCKER_HUB ? DOCKER_HUB_API : host,
    repository: path,
    name: `${host}/${path}`,
    insecure: endpoint.insecure || tlsVerifyDisabled,
  };
}
