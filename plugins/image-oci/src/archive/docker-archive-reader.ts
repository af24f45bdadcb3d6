import { InvalidArgument } from '@skiff/contracts';

import { archiveImageName } from './archive-names.js';
import { checkLayerCount, parseImageConfig, sha256Digest } from './archive-image.js';
import type { ArchiveImage } from './archive-image.js';
import type { ArchiveSpool } from './archive-spool.js';

/** DOCKER_MANIFEST is the file that makes an archive a docker-archive. */
export const DOCKER_MANIFEST = 'manifest.json';

const CONFIG_NAME = /(?:^|\/)(?:sha256[:/])?([0-9a-f]{64})(?:\.json)?$/;

interface DockerArchiveEntry {
  Config?: unknown;
  RepoTags?: unknown;
  Layers?: unknown;
}

/**
 * readDockerArchive lists the images of a docker-archive (`docker save`, `podman save`): the
 * entries of `manifest.json`, each a configuration file, its tags and its uncompressed layer
 * tars in order. A configuration named by its digest must have that digest.
 */
export async function readDockerArchive(spool: ArchiveSpool): Promise<ArchiveImage[]> {
  const manifest = await spool.json(DOCKER_MANIFEST);
  if (!Array.isArray(manifest)) {
    throw new InvalidArgument(`${DOCKER_MANIFEST} in the archive is not a list of images`);
  }

  const images: ArchiveImage[] = [];
  for (const entry of manifest as DockerArchiveEntry[]) {
    images.push(await readEntry(spool, entry));
  }
  return images;
}

async function readEntry(spool: ArchiveSpool, entry: DockerArchiveEntry): Promise<ArchiveImage> {
  const { Config: configPath, RepoTags: tags, Layers: layerPaths } = entry ?? {};
  if (typeof configPath !== 'string' || !isStringList(layerPaths)) {
    throw new InvalidArgument(`${DOCKER_MANIFEST} in the archive lacks Config or Layers`);
  }

  const config = await spool.read(configPath);
  checkConfigName(configPath, config);
  const parsedConfig = parseImageConfig(config, configPath);
  const diffIds = parsedConfig.rootfs.diff_ids;
  checkLayerCount(configPath, layerPaths.length, diffIds.length);

  const layers = layerPaths.map((path, index) => ({
    file: spool.path(path),
    diffId: diffIds[index] ?? '',
  }));
  const names = isStringList(tags) ? tags.map(archiveImageName) : [];
  return { names, config, parsedConfig, layers };
}

function checkConfigName(path: string, config: Buffer): void {
  const named = CONFIG_NAME.exec(path)?.[1];
  const actual = sha256Digest(config);
  if (named === undefined || actual === `sha256:${named}`) return;
  throw new InvalidArgument(
    `image configuration ${path} digest did not match: expected sha256:${named}, got ${actual}`,
  );
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
