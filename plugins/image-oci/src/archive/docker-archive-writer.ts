import type { LayerStore } from '../storage/layer-store.js';
import { digestHex } from '../storage/digest-hex.js';
import type { SavedImage } from './saved-image.js';
import { uncompressedLayer } from './saved-image.js';
import type { TarWriter } from './tar-writer.js';

/** One entry of a docker-archive's `manifest.json`. */
interface DockerArchiveEntry {
  Config: string;
  RepoTags: string[];
  Layers: string[];
}

/**
 * writeDockerArchive writes images in the layout of `docker save`, which `podman save` writes
 * by default: each layer as an uncompressed `<diff id hex>/layer.tar`, each configuration as
 * `<image id>.json`, then `manifest.json` listing them and the legacy `repositories` map.
 * A layer or configuration shared by several images is written once.
 */
export async function writeDockerArchive(
  tar: TarWriter,
  layers: LayerStore,
  images: readonly SavedImage[],
): Promise<void> {
  const written = new Set<string>();
  const manifest: DockerArchiveEntry[] = [];

  for (const image of images) {
    manifest.push(await writeImage(tar, layers, image, written));
  }

  await tar.file('manifest.json', Buffer.from(JSON.stringify(manifest)));
  await tar.file('repositories', Buffer.from(JSON.stringify(repositories(images))));
  await tar.finish();
}

async function writeImage(
  tar: TarWriter,
  layers: LayerStore,
  image: SavedImage,
  written: Set<string>,
): Promise<DockerArchiveEntry> {
  const paths: string[] = [];
  for (const layer of image.layers) {
    const dir = digestHex(layer.diffId);
    const path = `${dir}/layer.tar`;
    paths.push(path);
    if (written.has(path)) continue;

    written.add(path);
    await tar.directory(dir);
    await tar.stream(path, layer.size, uncompressedLayer(layers, layer));
  }

  const config = `${image.record.id}.json`;
  if (!written.has(config)) {
    written.add(config);
    await tar.file(config, image.config);
  }
  return { Config: config, RepoTags: repoTags(image.names), Layers: paths };
}

function repoTags(names: readonly string[]): string[] {
  // A name pinned to a digest has no tag to list; docker-archive has no place for digests.
  return names.filter((name) => !name.includes('@'));
}

function repositories(images: readonly SavedImage[]): Record<string, Record<string, string>> {
  // Docker's older loader reads the top layer of each tag from this file.
  const map: Record<string, Record<string, string>> = {};
  for (const image of images) {
    const top = image.layers[image.layers.length - 1];
    if (top === undefined) continue;

    for (const name of repoTags(image.names)) {
      const colon = name.lastIndexOf(':');
      if (colon < 0 || colon < name.lastIndexOf('/')) continue;
      const repository = name.slice(0, colon);
      map[repository] = { ...map[repository], [name.slice(colon + 1)]: digestHex(top.diffId) };
    }
  }
  return map;
}
