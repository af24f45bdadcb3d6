import type { PluginDescriptor } from '@skiff/contracts';

import { NoLabelProvider } from './no-label-provider.js';

/** plugin offers the `none` label provider: no labels, for hosts or sites without SELinux. */
export const plugin: PluginDescriptor = {
  name: 'label-none',
  apiRange: '^1.2.0',
  provides: [{ role: 'label', implementation: 'none', useClass: NoLabelProvider }],
};

export { NoLabelProvider } from './no-label-provider.js';
