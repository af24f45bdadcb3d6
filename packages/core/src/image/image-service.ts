import type { ImageProvider, ImageRecord, OciImageRunConfig } from '@skiff/contracts';
import { ImageInUse, InvalidArgument, NoSuchImage, SkiffError } from '@skiff/contracts';
import createDebug from 'debug';

import type { EngineContext } from '../engine-context.js';

const debug = createDebug('skiff:core:image');

/** ImportImageOptions is `skiff import`: a tarball stream and an optional name for it. */
export interface ImportImageOptions {
  source: NodeJS.ReadableStream;
  reference?: string;
  message?: string;
  config?: OciImageRunConfig;
}

/** RemoveImageReport is one line of `skiff rmi` output. */
export interface RemoveImageReport {
  untagged: string[];
  deleted?: string;
}

/**
 * ImageService orchestrates images over the ImageProvider: it names what the provider stores,
 * resolves what users type to a local image, and refuses to delete an image a container uses.
 */
export class ImageService {
  constructor(private readonly ctx: EngineContext) {}

  async import(options: ImportImageOptions): Promise<ImageRecord> {
    const provider = await this.ctx.imageProvider();
    const name = options.reference ? this.qualify(provider, options.reference) : undefined;

    const report = await provider.importRootfs({
      source: options.source,
      message: options.message,
      config: options.config,
    });
    debug('imported %s as %s', report.id, name ?? '<none>');
    return this.ctx.images.saveReport(report, name ? [name] : []);
  }

  /** resolve finds the local image a user means: full name, short name, or id prefix. */
  async resolve(typed: string): Promise<ImageRecord> {
    const candidates = await this.candidates(typed);
    const image = this.ctx.images.lookup(typed, candidates);
    if (!image) throw new NoSuchImage(typed);
    return image;
  }

  list(): ImageRecord[] {
    return this.ctx.images.list();
  }

  /**
   * remove untags `typed` if the image keeps other names, and deletes it otherwise. With
   * `force`, containers using the image are removed first by `removeContainers`.
   */
  async remove(
    typed: string,
    force: boolean,
    removeContainers: (ids: string[]) => Promise<void>,
  ): Promise<RemoveImageReport> {
    const image = await this.resolve(typed);
    const name = image.names.find((n) => this.matches(n, typed));
    if (name && image.names.length > 1 && !force) {
      this.ctx.images.removeName(name);
      return { untagged: [name] };
    }

    const users = this.ctx.containers.countUsing(image.id);
    if (users.length > 0 && !force) {
      throw new ImageInUse(
        `image used by ${users[0]}: image is in use by a container: ` +
          'consider listing external containers and force-removing image',
      );
    }
    if (users.length > 0) await removeContainers(users);

    const unused = this.ctx.images.delete(image.id);
    const provider = await this.ctx.imageProvider();
    try {
      await provider.removeImage?.(image);
      await provider.removeLayers(unused);
    } catch (error) {
      throw SkiffError.wrap(`removing layers of image ${image.id}`, error);
    }
    return { untagged: image.names, deleted: image.id };
  }

  /** tag gives the image more names; unqualified ones go under localhost/, as Podman's. */
  async tag(typed: string, names: readonly string[]): Promise<void> {
    const image = await this.resolve(typed);
    const provider = await this.ctx.imageProvider();
    const qualified = names.map((name) => this.qualify(provider, name));
    this.ctx.images.save(image, qualified);
  }

  /** untag takes names from the image, or all of them when none are given. */
  async untag(typed: string, names: readonly string[]): Promise<void> {
    const image = await this.resolve(typed);
    const provider = await this.ctx.imageProvider();
    const doomed = names.length ? names.map((name) => this.qualify(provider, name)) : image.names;
    for (const name of doomed) {
      if (!image.names.includes(name)) throw new InvalidArgument(`${name}: tag not known`);
    }
    for (const name of doomed) this.ctx.images.removeName(name);
  }

  /** exists reports whether `typed` names a local image. */
  async exists(typed: string): Promise<boolean> {
    try {
      await this.resolve(typed);
      return true;
    } catch (error) {
      if (SkiffError.codeOf(error) === 'NoSuchImage') return false;
      throw error;
    }
  }

  /**
   * prune removes images no container uses: only those without a name (dangling), or every
   * unused one with `all`. It returns the ids removed.
   */
  async prune(all: boolean): Promise<string[]> {
    const removed: string[] = [];
    const provider = await this.ctx.imageProvider();
    for (const image of this.ctx.images.list()) {
      if (!all && image.names.length > 0) continue;
      if (this.ctx.containers.countUsing(image.id).length > 0) continue;
      const unused = this.ctx.images.delete(image.id);
      await provider.removeImage?.(image);
      await provider.removeLayers(unused);
      removed.push(image.id);
    }
    return removed;
  }

  /** qualify turns a name as typed into the full name it is stored under. */
  qualify(provider: ImageProvider, typed: string): string {
    const reference = provider.parseReference(typed);
    // An imported image has no registry; Podman files it under localhost/.
    const qualified = reference.registry ? reference : { ...reference, registry: 'localhost' };
    return provider.formatReference(qualified);
  }

  private async candidates(typed: string): Promise<string[]> {
    if (/^(sha256:)?[0-9a-f]{12,64}$/.test(typed)) return [];
    const provider = await this.ctx.imageProvider();
    let reference;
    try {
      reference = provider.parseReference(typed);
    } catch {
      return [];
    }
    const full = provider.formatReference(reference);
    if (reference.registry) return [full];

    // A short name matches any stored name with the same path and tag, localhost/ first.
    const suffix = full.replace(/^\//, '');
    const matches = this.ctx.images.namesEndingWith(suffix);
    return [`localhost/${suffix}`, `docker.io/library/${suffix}`, ...matches];
  }

  private matches(name: string, typed: string): boolean {
    return name === typed || name.endsWith(`/${typed}`) || name.endsWith(`/${typed}:latest`);
  }
}
