import { InvalidArgument } from '@skiff/contracts';

/** Compression is how a layer blob or a tarball is compressed, as told by its magic bytes. */
export type Compression = 'gzip' | 'zstd' | 'none';

/** MAGIC_LENGTH is how many leading bytes detectCompression needs to see. */
export const MAGIC_LENGTH = 6;

const SUPPORTED: readonly { name: Compression; magic: Buffer }[] = [
  { name: 'gzip', magic: Buffer.from([0x1f, 0x8b]) },
  { name: 'zstd', magic: Buffer.from([0x28, 0xb5, 0x2f, 0xfd]) },
];
const UNSUPPORTED = [
  { name: 'xz', magic: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) },
  { name: 'bzip2', magic: Buffer.from([0x42, 0x5a, 0x68]) },
];

const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar';

/**
 * detectCompression tells the compression of a stream from its first bytes, never from a
 * name or a media type: registries and archives have been known to mislabel blobs.
 */
export function detectCompression(head: Buffer): Compression {
  const startsWith = (magic: Buffer) => head.subarray(0, magic.length).equals(magic);
  const known = SUPPORTED.find(({ magic }) => startsWith(magic));
  if (known !== undefined) return known.name;

  const refused = UNSUPPORTED.find(({ magic }) => startsWith(magic));
  if (refused !== undefined) {
    // TODO: accept xz and bzip2 as `podman import` does; Node 20's zlib has neither, and no
    // decompressor for them is among this plugin's dependencies.
    throw new InvalidArgument(`${refused.name}-compressed tarballs are not supported`);
  }
  return 'none';
}

/** ociLayerMediaType is the OCI media type of a layer blob with the given compression. */
export function ociLayerMediaType(compression: Compression): string {
  return compression === 'none' ? OCI_LAYER : `${OCI_LAYER}+${compression}`;
}
