import type { PluginDescriptor } from '@skiff/contracts';

import { OciImageProvider } from './oci-image-provider.js';

export { OciImageProvider } from './oci-image-provider.js';

/** plugin offers the `oci` implementation of the image role. */
export const plugin: PluginDescriptor = {
  name: 'image-oci',
  apiRange: '^1.3.0',
  provides: [{ role: 'image', implementation: 'oci', useClass: OciImageProvider }],
};
