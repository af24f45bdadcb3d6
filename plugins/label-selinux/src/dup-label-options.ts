import { SelinuxContext } from './selinux-context.js';

/**
 * dupLabelOptions turns a process label into the `label=` options that reproduce it, so a
 * container joining another's PID or IPC namespace, or a pod's infra container, gets the same
 * full context. An empty label, or one lacking user, role or type, gives no options; a label
 * that does not parse throws InvalidArgument.
 */
export function dupLabelOptions(processLabel: string): string[] {
  const context = SelinuxContext.parse(processLabel);
  if (!context.user || !context.role || !context.type) return [];

  const options = [`user:${context.user}`, `role:${context.role}`, `type:${context.type}`];
  if (context.level) options.push(`level:${context.level}`);
  return options;
}

/** disableLabelOptions is the option list that turns labelling off for one container. */
export function disableLabelOptions(): string[] {
  return ['disable'];
}
