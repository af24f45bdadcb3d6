import type {
  ImageReference,
  LayerReport,
  OciImageConfig,
  OciImageRunConfig,
} from '../types/image.js';

/** ImportOptions asks for a root file system tarball to become a one-layer image. */
export interface ImportOptions {
  /** The tarball, plain or gzip-compressed: a file's or stdin's stream. */
  source: NodeJS.ReadableStream;
  /** Configuration to put in the image (entrypoint, cmd, env ...); empty by default. */
  config?: OciImageRunConfig;
  /** A history comment, as `podman import --message`. */
  message?: string;
}

/** ImportReport is the image an import produced, ready for core to record under its names. */
export interface ImportReport {
  /** The hex sha256 of the configuration blob. */
  id: string;
  /** The digest of the image manifest, `sha256:...`. */
  digest: string;
  config: OciImageConfig;
  layers: LayerReport[];
  size: number;
}

/** RootfsOptions names a container's root file system and the layers it sits on. */
export interface RootfsOptions {
  containerId: string;
  /** Layer diff ids, base layer first. */
  layers: readonly string[];
}

/** RootfsReport is a mounted (or copied) container root file system. */
export interface RootfsReport {
  /** `overlay` when layers are stacked by the kernel, `vfs` when they were copied. */
  driver: 'overlay' | 'vfs';
  /** The directory to give the runtime as `root.path`. */
  path: string;
}

/**
 * ImageProvider owns images on disk: parsing references, importing and (later) transferring
 * images, storing layers once by digest, and preparing container root file systems over them.
 * Core owns the image and container records, their names, and locking.
 */
export interface ImageProvider {
  /** Parses a reference; an unqualified name has an empty `registry`. Throws InvalidArgument. */
  parseReference(text: string): ImageReference;
  /** Formats a reference as Podman prints it (`localhost/app:latest`). */
  formatReference(reference: ImageReference): string;
  /** Stores a tarball as a layer and writes an image configuration over it. */
  importRootfs(options: ImportOptions): Promise<ImportReport>;
  /** Creates the container's file system on first use and mounts it. */
  mountRootfs(options: RootfsOptions): Promise<RootfsReport>;
  /** Unmounts the container's file system, keeping its changes. */
  unmountRootfs(containerId: string): Promise<void>;
  /** Unmounts and deletes the container's file system. */
  removeRootfs(containerId: string): Promise<void>;
  /** Deletes layers that no image uses any more. */
  removeLayers(diffIds: readonly string[]): Promise<void>;
}

/** ImageProvider is also the DI token of the role. */
export const ImageProvider = Symbol.for('skiff.ImageProvider');
