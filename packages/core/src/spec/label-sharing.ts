/**
 * sharingLabelOptions are the `label=` options that give a container the same SELinux context
 * as one whose namespace it joins (`--pid container:X`), as go-selinux duplicates a label: none
 * for an empty label or one without user, role and type; otherwise those three, and the level
 * when there is one.
 */
export function sharingLabelOptions(processLabel: string): string[] {
  if (processLabel === '') return [];

  // The level may hold colons of its own (`s0:c1,c2`), so only the first three split.
  const [user, role, type, ...level] = processLabel.split(':');
  if (!user || !role || !type) return [];

  const options = [`user:${user}`, `role:${role}`, `type:${type}`];
  if (level.length > 0) options.push(`level:${level.join(':')}`);
  return options;
}
