import type {
  ImageRecord,
  ImageReference,
  LayerReport,
  OciImageConfig,
  OciImageRunConfig,
} from '../types/image.js';
import type {
  Credentials,
  Platform,
  RegistryEndpoint,
  TransferOptions,
} from '../types/registry.js';
import type { OciIdMapping } from '../types/runtime-spec.js';

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

/** PullOptions asks for an image to be fetched from a registry into storage. */
export interface PullOptions extends TransferOptions {
  /** A fully qualified reference (core resolves short names first). */
  reference: ImageReference;
  /** Where to try, in order: mirrors first, then the registry itself. */
  endpoints: readonly RegistryEndpoint[];
  /**
   * The platform the user chose (`--platform`, `--os`, `--arch`, `--variant`); what is left
   * out is this machine's, which the provider knows.
   */
  platform: Partial<Platform>;
}

/** PullReport is a pulled image, ready for core to record under the reference's name. */
export interface PullReport extends ImportReport {
  /** The media type of the manifest that was stored. */
  manifestType: string;
}

/** PushOptions asks for a stored image to be copied to a registry. */
export interface PushOptions extends TransferOptions {
  image: ImageRecord;
  destination: ImageReference;
  endpoint: RegistryEndpoint;
}

/** PushReport is the digest of the manifest the registry now holds. */
export interface PushReport {
  digest: string;
}

/** ArchiveFormat names the archive layouts `save` writes and `load` reads. */
export type ArchiveFormat = 'docker-archive' | 'oci-archive';

/** SaveOptions asks for images to be written into one archive. */
export interface SaveOptions {
  images: readonly { image: ImageRecord; names: readonly string[] }[];
  format: ArchiveFormat;
  output: NodeJS.WritableStream;
}

/** LoadOptions asks for the images of an archive (either format) to be stored. */
export interface LoadOptions {
  input: NodeJS.ReadableStream;
}

/** LoadedImage is one image of an archive and the names the archive gave it. */
export interface LoadedImage extends ImportReport {
  names: string[];
}

/** RegistryLoginOptions asks whether credentials are accepted by a registry. */
export interface RegistryLoginOptions {
  endpoint: RegistryEndpoint;
  credentials: Credentials;
  tlsVerifyDisabled?: boolean;
}

/** RootfsOptions names a container's root file system and the layers it sits on. */
export interface RootfsOptions {
  containerId: string;
  /** Layer diff ids, base layer first. */
  layers: readonly string[];
  /**
   * The file system will not outlive this boot (`run --rm`): it may skip the syncs that make
   * it survive a crash, as Podman's volatile overlay does.
   */
  volatile?: boolean;
  /**
   * The SELinux label every file of the mounted file system is to carry, the container's
   * `linux.mountLabel`: under an enforcing kernel, a container may only execute and read files
   * of its own type and level. Given only where the kernel has SELinux; absent or empty, the
   * files keep the labels they have on disk.
   */
  mountLabel?: string;
  /**
   * The container's user namespace mappings (API 1.3). Files the image owns as container id N
   * must appear owned by the id N maps to, so the provider prepares a file system whose owners
   * are shifted accordingly. Absent: the identity mapping, and the layers' owners as stored.
   */
  idMappings?: IdMappings;
}

/** IdMappings are a user namespace's uid and gid mappings, as config.json gives them. */
export interface IdMappings {
  uidMappings: readonly OciIdMapping[];
  gidMappings: readonly OciIdMapping[];
}

/** RootfsReport is a mounted (or copied) container root file system. */
export interface RootfsReport {
  /** `overlay` when layers are stacked by the kernel, `vfs` when they were copied. */
  driver: 'overlay' | 'vfs';
  /** The directory to give the runtime as `root.path`. */
  path: string;
}

/**
 * StorageDriverReport is the storage driver a store gives new containers (API 1.3), as
 * `skiff info` shows it in `Store.GraphDriverName` and `Store.GraphOptions`.
 */
export interface StorageDriverReport {
  /** `overlay` or `vfs`. */
  name: RootfsReport['driver'];
  /** The FUSE program overlay mounts go through (fuse-overlayfs), when not the kernel's overlay. */
  mountProgram?: string;
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

  // The transfers below arrived with engine API 1.1; a provider without them makes the
  // commands that need them fail with a clear message.

  /** Fetches an image from a registry (API 1.1). */
  pull?(options: PullOptions): Promise<PullReport>;
  /** Copies a stored image to a registry (API 1.1). */
  push?(options: PushOptions): Promise<PushReport>;
  /** Writes images into a docker-archive or oci-archive tarball (API 1.1). */
  save?(options: SaveOptions): Promise<void>;
  /** Stores the images of an archive of either format (API 1.1). */
  load?(options: LoadOptions): Promise<LoadedImage[]>;
  /** Writes a container's file system as a tarball (API 1.1). */
  exportRootfs?(options: RootfsOptions & { output: NodeJS.WritableStream }): Promise<void>;
  /** Deletes the blobs (configuration, manifest, compressed layers) of a removed image (API 1.1). */
  removeImage?(image: ImageRecord): Promise<void>;
  /** Checks credentials against a registry; throws InvalidArgument when refused (API 1.1). */
  login?(options: RegistryLoginOptions): Promise<void>;

  /**
   * Reports the driver new containers get (API 1.3), choosing it the way the first mount would
   * if the store has not chosen yet. Without it, info shows only a configured driver.
   */
  storageDriver?(): Promise<StorageDriverReport>;
}

/** ImageProvider is also the DI token of the role. */
export const ImageProvider = Symbol.for('skiff.ImageProvider');
