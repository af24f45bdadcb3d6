import { InvalidArgument } from '@skiff/contracts';

/** PROPAGATIONS are the mount propagation modes a mount may name. */
export const PROPAGATIONS: readonly string[] = [
  'private',
  'rprivate',
  'shared',
  'rshared',
  'slave',
  'rslave',
  'unbindable',
  'runbindable',
];

// Each group allows one of its options per `-v`; the text is what Podman says of a second one.
const GROUPS: readonly { members: readonly string[]; allowed: string }[] = [
  { members: ['noexec', 'exec'], allowed: "1 'noexec' or 'exec' option" },
  { members: ['nodev', 'dev'], allowed: "1 'nodev' or 'dev' option" },
  { members: ['nosuid', 'suid'], allowed: "1 'nosuid' or 'suid' option" },
  { members: ['rw', 'ro'], allowed: "1 'rw' or 'ro' option" },
  {
    members: PROPAGATIONS,
    allowed: "1 '[r]shared', '[r]private', '[r]slave' or '[r]unbindable' option",
  },
  { members: ['bind', 'rbind'], allowed: "1 '[r]bind' option" },
  { members: ['z', 'Z', 'O'], allowed: "1 'z', 'Z', or 'O' option" },
  { members: ['U'], allowed: "1 'U' option" },
  { members: ['copy', 'nocopy'], allowed: "1 'copy' or 'nocopy' option" },
];

/**
 * checkVolumeOptions validates the options of one `-v` as containers/common's
 * ValidateVolumeOpts does: every option must be known, and each group at most once. The
 * first problem found, reading left to right, is the error; a repeated option quotes the whole
 * list, as Podman does (`invalid options "z, Z", ...`).
 */
export function checkVolumeOptions(options: readonly string[]): void {
  const seen = new Map<string, number>();

  for (const option of options) {
    const group = GROUPS.find((candidate) => candidate.members.includes(option));
    if (!group) throw new InvalidArgument(`invalid option type "${option}"`);

    const count = (seen.get(group.allowed) ?? 0) + 1;
    seen.set(group.allowed, count);
    if (count > 1) {
      throw new InvalidArgument(
        `invalid options "${options.join(', ')}", can only specify ${group.allowed}`,
      );
    }
  }
}
