import type { ArchiveFormat, ImageProvider, ImageRecord } from '@skiff/contracts';
import { InvalidArgument, NoProvider } from '@skiff/contracts';
import createDebug from 'debug';

import type { EngineContext } from '../engine-context.js';
import { ImageService } from './image-service.js';

const debug = createDebug('skiff:core:image');

const FORMATS: readonly string[] = ['docker-archive', 'oci-archive'];

/** SaveImagesOptions is `skiff save`: images by name or id, one archive, one stream. */
export interface SaveImagesOptions {
  names: readonly string[];
  format: string;
  /** `-m`: every name is an image; without it the names after the first are tags for it. */
  multiImage?: boolean;
  output: NodeJS.WritableStream;
}

/** SavedImage is one image of an archive being written and the names it goes out under. */
type SavedImage = { image: ImageRecord; names: string[] };

/**
 * ImageArchives moves images in and out of tarballs over the image provider: `save` and `load`
 * of whole images, and `export` of a container's file system. Names are core's business: the
 * archive's names are recorded here, and an image is registered only once fully stored.
 */
export class ImageArchives {
  constructor(private readonly ctx: EngineContext) {}

  async save(options: SaveImagesOptions): Promise<void> {
    if (!FORMATS.includes(options.format)) {
      throw new InvalidArgument(
        'format value must be one of oci-dir oci-archive docker-dir docker-archive',
      );
    }
    const several = options.multiImage && options.names.length > 1;
    if (several && options.format !== 'docker-archive') {
      throw new InvalidArgument(
        `unsupported format "${options.format}" for saving multiple images (only docker-archive)`,
      );
    }

    const images = options.multiImage
      ? await this.resolveAll(options.names)
      : [await this.resolveTagged(options.names, options.format)];
    const provider = await this.ctx.imageProvider();
    const save = capability(provider, 'save');
    await save.call(provider, {
      images,
      format: options.format as ArchiveFormat,
      output: options.output,
    });
  }

  /** load stores the images of an archive and returns the names (or ids) it registered. */
  async load(input: NodeJS.ReadableStream): Promise<string[]> {
    const provider = await this.ctx.imageProvider();
    const load = capability(provider, 'load');
    const loaded = await load.call(provider, { input });

    const shown: string[] = [];
    for (const image of loaded) {
      this.ctx.images.saveReport(image, image.names);
      shown.push(...(image.names.length ? image.names : [`sha256:${image.id}`]));
      debug('loaded %s as %s', image.id, image.names.join(', ') || '<none>');
    }
    return shown;
  }

  /** export writes a container's file system, as it is now, as a tarball. */
  async export(nameOrId: string, output: NodeJS.WritableStream): Promise<void> {
    const container = this.ctx.containers.resolve(nameOrId);
    const image = this.ctx.images.get(container.imageId);
    const provider = await this.ctx.imageProvider();
    const exportRootfs = capability(provider, 'exportRootfs');
    await exportRootfs.call(provider, {
      containerId: container.id,
      layers: image.layers.map((layer) => layer.diffId),
      output,
    });
  }

  private async resolveAll(names: readonly string[]): Promise<SavedImage[]> {
    const service = new ImageService(this.ctx);
    const images: SavedImage[] = [];
    for (const typed of names) {
      const image = await service.resolve(typed);
      images.push({ image, names: this.namesToSave(image, typed) });
    }
    return images;
  }

  // As Podman's, `save IMAGE NAME...` writes one image with the other names as more tags; an
  // oci-archive carries one name per image there, so Podman drops them and so does Skiff.
  private async resolveTagged(names: readonly string[], format: string): Promise<SavedImage> {
    const [first, ...tags] = names;
    const [saved] = await this.resolveAll([first]);
    if (format !== 'docker-archive' || tags.length === 0) return saved;

    const service = new ImageService(this.ctx);
    const provider = await this.ctx.imageProvider();
    const extra = tags.map((tag) => service.qualify(provider, tag));
    return { image: saved.image, names: [...new Set([...saved.names, ...extra])] };
  }

  // An image saved by a name keeps that name; saved by id it keeps all of its names.
  private namesToSave(image: ImageRecord, typed: string): string[] {
    const byName = image.names.filter(
      (name) => name === typed || name.endsWith(`/${typed}`) || name.endsWith(`/${typed}:latest`),
    );
    return byName.length ? byName : image.names;
  }
}

/**
 * capability returns an optional provider method, or fails saying which provider lacks it: a
 * third-party image provider written for engine API 1.0 has no transfers.
 */
export function capability<K extends keyof ImageProvider>(
  provider: ImageProvider,
  name: K,
): NonNullable<ImageProvider[K]> {
  const method = provider[name];
  if (typeof method !== 'function') {
    throw new NoProvider(`the configured image provider does not support ${String(name)}`);
  }
  return method as NonNullable<ImageProvider[K]>;
}
