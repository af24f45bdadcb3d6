/** The opaque mark of the kernel's overlay as root mounts it. */
export const TRUSTED_OPAQUE_XATTR = 'trusted.overlay.opaque';
/**
 * The opaque mark overlay reads when mounted with `userxattr`, and fuse-overlayfs reads too:
 * an unprivileged user namespace may not set `trusted.*` attributes at all.
 */
export const USER_OPAQUE_XATTR = 'user.overlay.opaque';

/** opaqueXattr is the attribute that marks an opaque directory in a store's layers. */
export function opaqueXattr(rootless: boolean): string {
  return rootless ? USER_OPAQUE_XATTR : TRUSTED_OPAQUE_XATTR;
}
