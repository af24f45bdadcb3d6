import type { ImageRecord } from '@skiff/contracts';

import type { EngineContext } from '../engine-context.js';

/** inspectImage renders an image as `podman image inspect` does, for what Skiff stores. */
export function inspectImage(ctx: EngineContext, image: ImageRecord): Record<string, unknown> {
  const config = image.config;
  // A name pinned to a digest (`repo@sha256:...`, from a pull by digest) is no tag, as in Podman.
  const tags = image.names.filter((name) => !name.includes('@'));
  const repoDigests = [...new Set(image.names.map((name) => repoDigest(name, image.digest)))];

  return {
    Id: image.id,
    Digest: image.digest,
    RepoTags: tags,
    RepoDigests: repoDigests,
    Parent: '',
    Comment: config.history?.at(-1)?.comment ?? '',
    Created: image.created,
    Config: config.config ?? {},
    Version: '',
    Author: config.author ?? '',
    Architecture: config.architecture,
    Os: config.os,
    Size: image.size,
    VirtualSize: image.size,
    GraphDriver: { Name: ctx.environment.storageDriver ?? 'overlay', Data: {} },
    RootFS: { Type: 'layers', Layers: config.rootfs.diff_ids },
    Labels: config.config?.Labels ?? null,
    Annotations: {},
    ManifestType: 'application/vnd.oci.image.manifest.v1+json',
    User: config.config?.User ?? '',
    History: config.history ?? [],
    NamesHistory: image.names,
  };
}

/** repoDigest is `repository@digest` for a name; a name pinned to a digest is one already. */
function repoDigest(name: string, digest: string): string {
  return name.includes('@') ? name : `${name.replace(/:[^:/]+$/, '')}@${digest}`;
}
