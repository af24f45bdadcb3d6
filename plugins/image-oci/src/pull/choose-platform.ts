import { SkiffError } from '@skiff/contracts';
import type { Platform } from '@skiff/contracts';

import type { Descriptor, ManifestIndex } from '../registry/manifest-document.js';
import { MediaTypes } from '../registry/media-types.js';

// 32-bit ARM runs the code of older variants too: v7 takes v6 and v5 images, as Podman does.
const ARM_VARIANTS = ['v8', 'v7', 'v6', 'v5'];

/**
 * choosePlatform picks the entry of a manifest list or image index for `platform`, by
 * Podman's rules: the OS and architecture must match; a requested variant is preferred, then
 * an entry that names no variant (and for 32-bit ARM, older variants); with no variant asked
 * for, the first entry of that OS and architecture wins. Throws NoSuchImage when none fits.
 */
export function choosePlatform(index: ManifestIndex, platform: Platform): Descriptor {
  const { os, architecture } = platform;
  const candidates = index.manifests.filter(
    (entry) => entry.platform?.os === os && entry.platform?.architecture === architecture,
  );

  const variants = wantedVariants(platform);
  const chosen =
    variants === undefined
      ? candidates[0]
      : variants
          .map((variant) => candidates.find((entry) => (entry.platform?.variant ?? '') === variant))
          .find((entry) => entry !== undefined);
  if (chosen !== undefined) return chosen;

  const list = index.mediaType === MediaTypes.ociIndex ? 'image index' : 'manifest list';
  const variant = platform.variant ?? '';
  throw new SkiffError(
    'NoSuchImage',
    `no image found in ${list} for architecture ${architecture}, variant "${variant}", OS ${os}`,
  );
}

function wantedVariants(platform: Platform): string[] | undefined {
  const { variant, architecture } = platform;
  if (!variant) return undefined;

  const older = ARM_VARIANTS.slice(ARM_VARIANTS.indexOf(variant) + 1);
  const compatible = architecture === 'arm' && ARM_VARIANTS.includes(variant) ? older : [];
  return [variant, ...compatible, ''];
}
