import type { EngineContext } from '../engine-context.js';
import { imageFilter } from './image-filters.js';
import { ImageService } from './image-service.js';
import { summarizeImages, type ImageSummary, type ListImagesOptions } from './image-summary.js';

/**
 * ImageListing is `images`: every image placed among the others, then selected by the
 * filters, in the order they were stored, which is where Podman's sorts start from.
 */
export class ImageListing {
  constructor(private readonly ctx: EngineContext) {}

  async list(options: ListImagesOptions): Promise<ImageSummary[]> {
    const images = this.ctx.images.list('stored');
    const summaries = summarizeImages(images, (image) => this.containersUsing(image.id));

    // As Podman, hiding intermediate images is one more filter, which a user's
    // `intermediate=true` contradicts without --all.
    const filters = [...(options.filters ?? []), ...(options.all ? [] : ['intermediate=false'])];
    const service = new ImageService(this.ctx);
    const keep = await imageFilter(filters, { resolve: (typed) => service.resolve(typed) });
    return summaries.filter(keep);
  }

  private containersUsing(imageId: string): number {
    return this.ctx.containers.countUsing(imageId).length;
  }
}
