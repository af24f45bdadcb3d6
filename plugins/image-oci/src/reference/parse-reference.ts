import { InvalidArgument } from '@skiff/contracts';
import type { ImageReference } from '@skiff/contracts';

// This file is a parser: the rules of the reference grammar that Podman inherits from the
// Distribution project sit together below, each in a small step.

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const IPV6_HOST = /^\[[0-9a-fA-F:.]+\]$/;
const PORT = /^[0-9]{1,5}$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const IMAGE_ID = /^[0-9a-f]{64}$/;
const NAME_MAX = 255;
const DOCKER_HUB = 'docker.io';

/**
 * parseReference splits an image reference (`registry/repo/name:tag@sha256:...`) into its
 * parts. A name without a registry keeps `registry: ''`, leaving the default to core.
 * Throws InvalidArgument, worded as Podman words it, when the text is not a reference.
 */
export function parseReference(text: string): ImageReference {
  const fail = (detail: string) =>
    new InvalidArgument(`parsing reference "${text}": invalid reference format${detail}`);

  const [named, digest] = splitDigest(text, fail);
  const [name, tag] = splitTag(named, fail);
  const [registry, repository] = splitRegistry(name, fail);

  const reference: ImageReference = normalizeDockerHub({ registry, repository });
  if (tag !== undefined) reference.tag = tag;
  if (digest !== undefined) reference.digest = digest;
  return reference;
}

type Fail = (detail: string) => InvalidArgument;

function splitDigest(text: string, fail: Fail): [string, string | undefined] {
  const at = text.indexOf('@');
  if (at < 0) return [text, undefined];

  const digest = text.slice(at + 1);
  if (!DIGEST.test(digest)) {
    throw fail(`: invalid digest "${digest}", expected sha256: and 64 lowercase hex digits`);
  }
  return [text.slice(0, at), digest];
}

function splitTag(named: string, fail: Fail): [string, string | undefined] {
  const colon = named.lastIndexOf(':');
  if (colon < 0 || colon < named.lastIndexOf('/')) return [named, undefined];

  const tag = named.slice(colon + 1);
  if (!TAG.test(tag)) throw fail(`: invalid tag "${tag}"`);
  return [named.slice(0, colon), tag];
}

function splitRegistry(name: string, fail: Fail): [string, string] {
  if (name === '') throw fail(': repository name must have at least one component');
  if (name.length > NAME_MAX) {
    throw fail(`: repository name must not be more than ${NAME_MAX} characters`);
  }

  const slash = name.indexOf('/');
  const first = name.slice(0, slash);
  const hasRegistry = slash >= 0 && (/[.:]/.test(first) || first === 'localhost');
  const registry = hasRegistry ? first : '';
  const repository = hasRegistry ? name.slice(slash + 1) : name;

  if (hasRegistry && !isRegistry(registry)) throw fail(`: invalid registry "${registry}"`);
  checkRepository(repository, fail);
  return [registry, repository];
}

function isRegistry(registry: string): boolean {
  const colon = registry.lastIndexOf(':');
  const bracketed = registry.startsWith('[');
  const hasPort = colon >= 0 && (!bracketed || registry.lastIndexOf(']') < colon);
  const host = hasPort ? registry.slice(0, colon) : registry;

  if (hasPort && !PORT.test(registry.slice(colon + 1))) return false;
  if (bracketed) return IPV6_HOST.test(host);
  return host.split('.').every((part) => DOMAIN_COMPONENT.test(part));
}

function checkRepository(repository: string, fail: Fail): void {
  // Docker and Podman read a bare 64-digit hex string as an image id, never as a name.
  if (IMAGE_ID.test(repository)) {
    throw fail(`: repository name (${repository}) cannot be a 64-byte hexadecimal string`);
  }

  const components = repository.split('/');
  if (components.every((part) => PATH_COMPONENT.test(part))) return;

  const lower = components.map((part) => part.toLowerCase());
  if (lower.every((part) => PATH_COMPONENT.test(part))) {
    throw fail(`: repository name (${repository}) must be lowercase`);
  }
  throw fail(`: invalid repository name "${repository}"`);
}

function normalizeDockerHub(reference: ImageReference): ImageReference {
  if (reference.registry !== DOCKER_HUB && reference.registry !== `index.${DOCKER_HUB}`) {
    return reference;
  }

  // Podman names Docker Hub's official images `docker.io/library/<name>`, so that
  // `docker.io/busybox` and `docker.io/library/busybox` are the same image.
  const { repository } = reference;
  const path = repository.includes('/') ? repository : `library/${repository}`;
  return { registry: DOCKER_HUB, repository: path };
}
