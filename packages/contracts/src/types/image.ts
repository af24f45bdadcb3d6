/** OciImageConfig is an OCI image configuration blob (the image's `config.json`). */
export interface OciImageConfig {
  created?: string;
  author?: string;
  architecture: string;
  os: string;
  variant?: string;
  config?: OciImageRunConfig;
  rootfs: { type: 'layers'; diff_ids: string[] };
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
}

/** OciImageRunConfig is the part of an image configuration that seeds a container. */
export interface OciImageRunConfig {
  User?: string;
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  ExposedPorts?: Record<string, object>;
  Volumes?: Record<string, object>;
}

/** ImageReference is a parsed image name: `registry/repository:tag` or `...@digest`. */
export interface ImageReference {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** LayerReport describes one stored layer, identified by the digest of its uncompressed tar. */
export interface LayerReport {
  diffId: string;
  size: number;
  /** The digest and media type of the blob the layer came from (compressed, when pulled). */
  digest?: string;
  mediaType?: string;
}

/** ImageRecord is an image as the engine keeps it: its id, names and configuration. */
export interface ImageRecord {
  /** The hex sha256 of the image configuration blob, as Podman's image id. */
  id: string;
  names: string[];
  digest: string;
  created: string;
  size: number;
  layers: LayerReport[];
  config: OciImageConfig;
  /** The manifest's media type; OCI for imported images. */
  manifestType?: string;
}
