import type { PluginDescriptor } from '@skiff/contracts';

import { SelinuxLabelProvider } from './selinux-label-provider.js';

/** plugin offers the `selinux` label provider: Podman's sVirt labels. */
export const plugin: PluginDescriptor = {
  name: 'label-selinux',
  apiRange: '^1.2.0',
  provides: [{ role: 'label', implementation: 'selinux', useClass: SelinuxLabelProvider }],
};

export { SelinuxLabelProvider } from './selinux-label-provider.js';
export { SelinuxContext } from './selinux-context.js';
export type { SelinuxContextFields } from './selinux-context.js';
export { ContextsFile } from './contexts-file.js';
export type { ContextsFileLocations } from './contexts-file.js';
export { McsLevels } from './mcs-levels.js';
export { applyLabelOptions } from './apply-label-options.js';
export type { LabelOptionsOutcome, LabelPair } from './apply-label-options.js';
export { RelabelPolicy } from './relabel-policy.js';
export type { RelabelPolicyOptions } from './relabel-policy.js';
export { TreeRelabeler } from './tree-relabeler.js';
export type { TreeRelabelReport } from './tree-relabeler.js';
export { SelinuxXattr } from './selinux-xattr.js';
