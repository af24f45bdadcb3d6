import type { PluginDescriptor } from '@skiff/contracts';

import { OciSeccompProvider } from './oci-seccomp-provider.js';

export { OciSeccompProvider };

/** plugin offers the `oci` seccomp provider: Podman-format profile files for OCI runtimes. */
export const plugin: PluginDescriptor = {
  name: 'seccomp-oci',
  apiRange: '^1.0.0',
  provides: [{ role: 'seccomp', implementation: 'oci', useClass: OciSeccompProvider }],
};
