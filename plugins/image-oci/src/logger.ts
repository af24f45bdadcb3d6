import createDebug from 'debug';
import type { Debugger } from 'debug';

/**
 * logger returns the diagnostic channel of one area of this plugin, `skiff:image-oci:<area>`.
 * Plugins never print; core switches these namespaces on for `--log-level debug`.
 */
export function logger(area: string): Debugger {
  return createDebug(`skiff:image-oci:${area}`);
}
