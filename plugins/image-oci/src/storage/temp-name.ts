import { randomBytes } from 'node:crypto';

/**
 * tempName returns a fresh name for a work-in-progress entry (`.tmp-3f9a...`). The leading dot
 * keeps it apart from final names, which are always plain hex digests or container ids.
 */
export function tempName(kind: string): string {
  return `.${kind}-${randomBytes(8).toString('hex')}`;
}
