import type { ImageRecord } from '@skiff/contracts';

import type { EngineContext } from '../engine-context.js';

/** inspectImage renders an image as `podman image inspect` does, for what Skiff stores. */
export function inspectImage(ctx: EngineContext, image: ImageRecord): Record<string, unknown> {
  const config = image.config;
  const tags = image.names;
  const repoDigests = tags.map((name) => `${name.replace(/:[^:/]+$/, '')}@${image.digest}`);

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
    NamesHistory: tags,
  };
}
