import type { PluginDescriptor } from '@skiff/contracts';

import { OciRuntimeProvider } from './oci-runtime-provider.js';

export { OciRuntimeProvider } from './oci-runtime-provider.js';

/** plugin offers runc-compatible runtimes as the `oci` implementation of the runtime role. */
export const plugin: PluginDescriptor = {
  name: 'runtime-oci',
  apiRange: '^1.0.0',
  provides: [{ role: 'runtime', implementation: 'oci', useClass: OciRuntimeProvider }],
};
