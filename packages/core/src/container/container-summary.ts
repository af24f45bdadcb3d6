import type { ContainerState } from '@skiff/contracts';

/** ContainerSize is what `ps --size` measures: the image's files and the container's own. */
export interface ContainerSize {
  /** The bytes of the image's layers, as files (Podman's "virtual" size). */
  rootFsSize: number;
  /** The bytes the container wrote to its own file system. */
  rwSize: number;
}

/** ContainerSummary is one row of `skiff ps`, with what its `--format` fields show. */
export interface ContainerSummary {
  id: string;
  /** The image's name as the container was created from it. */
  image: string;
  imageId: string;
  command: string[];
  created: string;
  status: ContainerState;
  names: string[];
  /** The image's labels, overridden by the container's own. */
  labels: Record<string, string>;
  autoRemove: boolean;
  /** The destinations of the container's user mounts: binds and tmpfs, then volumes. */
  mounts: string[];
  /** Measured only when asked for (`ps --size`), as it walks file systems. */
  size?: ContainerSize;
}

/** ListContainersOptions are `ps`'s selection: which containers, in which order. */
export interface ListContainersOptions {
  /** All containers; otherwise running ones only, unless a `status` filter says otherwise. */
  all?: boolean;
  /** `--filter` values, `key=value` each. */
  filters?: readonly string[];
  /** A `--sort` key; `created` (oldest first) by default. */
  sort?: string;
  /** `--last`: only the N most recently created of the selected containers. */
  last?: number;
  /** `--latest`: only the most recently created of the selected containers. */
  latest?: boolean;
  /** `--size`: measure each container's file system. */
  size?: boolean;
}
