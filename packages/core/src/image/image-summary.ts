import type { ImageRecord } from '@skiff/contracts';

/** ImageSummary is an image as `images` lists it: its record and its place among the others. */
export interface ImageSummary extends ImageRecord {
  /** The image whose layers this one's stack one layer on, as Podman's layer tree; or `''`. */
  parentId: string;
  /** How many containers were made from the image. */
  containers: number;
  /** Nameless, and no other image builds on it. */
  dangling: boolean;
  /** Nameless, and other images build on it: `images` hides it without `--all`. */
  intermediate: boolean;
}

/** ListImagesOptions are `images`' selection. */
export interface ListImagesOptions {
  /** Intermediate images too. */
  all?: boolean;
  /** `--filter` values: `key=value` or `key!=value` each. */
  filters?: readonly string[];
}

/**
 * summarizeImages places each image among the others: an image is the parent of another when
 * the other's layers are its own and one more, as in Podman's layer tree.
 */
export function summarizeImages(
  images: readonly ImageRecord[],
  containers: (image: ImageRecord) => number,
): ImageSummary[] {
  const byLayers = new Map<string, ImageRecord>();
  for (const image of images) byLayers.set(layerKey(image.layers.length, image), image);

  const parents = new Map<string, string>();
  for (const image of images) {
    if (image.layers.length < 2) continue;
    const parent = byLayers.get(layerKey(image.layers.length - 1, image));
    if (parent) parents.set(image.id, parent.id);
  }
  const withChildren = new Set(parents.values());

  return images.map((image) => {
    const nameless = image.names.length === 0;
    const hasChildren = withChildren.has(image.id);
    return {
      ...image,
      parentId: parents.get(image.id) ?? '',
      containers: containers(image),
      dangling: nameless && !hasChildren,
      intermediate: nameless && hasChildren,
    };
  });
}

function layerKey(count: number, image: ImageRecord): string {
  return image.layers
    .slice(0, count)
    .map((layer) => layer.diffId)
    .join(',');
}
