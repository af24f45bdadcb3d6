import type { ImageReference } from '@skiff/contracts';

const DEFAULT_TAG = 'latest';

/**
 * formatReference prints a reference the way Podman lists image names: `registry/repo:tag`,
 * `registry/repo@sha256:...`, or both tag and digest when both are known. A reference with
 * neither gets the tag `latest`; an empty registry prints the repository alone.
 */
export function formatReference(reference: ImageReference): string {
  const { registry, repository, tag, digest } = reference;
  const name = registry === '' ? repository : `${registry}/${repository}`;

  if (digest === undefined) return `${name}:${tag ?? DEFAULT_TAG}`;
  if (tag === undefined) return `${name}@${digest}`;
  return `${name}:${tag}@${digest}`;
}
