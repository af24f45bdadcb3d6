import { formatReference } from '../reference/format-reference.js';
import { parseReference } from '../reference/parse-reference.js';

/**
 * archiveImageName qualifies a name found in an archive (a docker-archive `RepoTags` entry, an
 * OCI `org.opencontainers.image.ref.name`) as Podman's load does: a name without a registry
 * is a local one, even in a docker-archive (`bb:v1` is `localhost/bb:v1`, a bare `v1` is
 * `localhost/v1:latest`), Docker Hub names get their `library/`, and a missing tag is
 * `latest`.
 */
export function archiveImageName(name: string): string {
  const reference = parseReference(name);
  const registry = reference.registry === '' ? 'localhost' : reference.registry;
  return formatReference({ ...reference, registry });
}
