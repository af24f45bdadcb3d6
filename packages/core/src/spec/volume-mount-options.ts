import { InvalidArgument } from '@skiff/contracts';

import { PROPAGATIONS } from './volume-option-check.js';

/** HostMountFlags are the restrictions a mount inherits from where its source lives. */
export interface HostMountFlags {
  noexec: boolean;
  nosuid: boolean;
  nodev: boolean;
}

/** ENGINE_MOUNT_FLAGS are what a tmpfs or a named volume gets: Podman's defaults for no path. */
export const ENGINE_MOUNT_FLAGS: HostMountFlags = { noexec: false, nosuid: true, nodev: true };

const DUPLICATE = 'duplicate mount option passed';
const INVALID = 'invalid mount option';

interface OptionRule {
  /** Option names (the text before any `=`) this rule covers. */
  names: readonly string[];
  /** What Podman says when a second one of them is given. */
  once: string;
  /** The option is `name=value` (`size=1m`); the others are bare words. */
  takesValue?: boolean;
  /** What Podman says of it on a tmpfs, which may not have it. */
  notTmpfs?: string;
  /** What Podman says of it on a mount that is not a tmpfs, which may not have it. */
  onlyTmpfs?: string;
}

// containers/podman's ProcessOptions, as a table: one rule per option family.
const RULES: readonly OptionRule[] = [
  { names: ['exec', 'noexec'], once: "only one of 'noexec' and 'exec' can be used" },
  { names: ['suid', 'nosuid'], once: "only one of 'nosuid' and 'suid' can be used" },
  { names: ['dev', 'nodev'], once: "only one of 'nodev' and 'dev' can be used" },
  { names: ['rw', 'ro'], once: "only one of 'rw' and 'ro' can be used" },
  { names: PROPAGATIONS, once: 'only one root propagation mode can be used' },
  {
    names: ['size'],
    takesValue: true,
    once: 'only one tmpfs size can be specified',
    onlyTmpfs: "the 'size' option is only allowed with tmpfs mounts",
  },
  {
    names: ['mode'],
    takesValue: true,
    once: 'only one tmpfs mode can be specified',
    onlyTmpfs: "the 'mode' option is only allowed with tmpfs mounts",
  },
  {
    names: ['tmpcopyup', 'notmpcopyup'],
    once: "the 'tmpcopyup' or 'notmpcopyup' option can only be set once",
    onlyTmpfs: "the 'tmpcopyup' and 'notmpcopyup' options are only allowed with tmpfs mounts",
  },
  {
    names: ['bind', 'rbind'],
    once: "only one of 'rbind' and 'bind' can be used",
    notTmpfs: "the 'bind' and 'rbind' options are not allowed with tmpfs mounts",
  },
  {
    names: ['z', 'Z'],
    once: "only one of 'z' and 'Z' can be used",
    notTmpfs: "the 'z' and 'Z' options are not allowed with tmpfs mounts",
  },
  { names: ['copy', 'nocopy'], once: "only one of 'copy' and 'nocopy' can be used" },
];

// Options that steer the engine alone; Podman leaves copy/nocopy in config.json, runc ignores them.
const ENGINE_ONLY = new Set(['z', 'Z', 'notmpcopyup']);

/**
 * mountOptions turns a mount's options into config.json's as Podman's ProcessOptions does:
 * each family at most once, then what is missing appended in Podman's order: `rw`,
 * `rprivate`, the restrictions of `flags`, `tmpcopyup` for a tmpfs and `rbind` otherwise.
 * z/Z and `notmpcopyup` are checked but left out. Throws InvalidArgument.
 */
export function mountOptions(
  options: readonly string[],
  tmpfs: boolean,
  flags: HostMountFlags,
): string[] {
  const found = new Set<OptionRule>();
  const result: string[] = [];

  for (const option of options) {
    const rule = ruleFor(option, tmpfs);
    if (found.has(rule)) throw new InvalidArgument(`${rule.once}: ${DUPLICATE}`);
    found.add(rule);
    if (!ENGINE_ONLY.has(option)) result.push(option);
  }

  const has = (name: string) => [...found].some((rule) => rule.names.includes(name));
  if (!has('rw')) result.push('rw');
  if (!has('private')) result.push('rprivate');
  if (flags.noexec && !has('exec')) result.push('noexec');
  if (flags.nosuid && !has('suid')) result.push('nosuid');
  if (flags.nodev && !has('dev')) result.push('nodev');
  if (tmpfs && !has('tmpcopyup')) result.push('tmpcopyup');
  if (!tmpfs && !has('bind')) result.push('rbind');
  return result;
}

function ruleFor(option: string, tmpfs: boolean): OptionRule {
  const [name, value] = option.split(/=(.*)/s);
  const rule = RULES.find((candidate) => candidate.names.includes(name));
  if (!rule || (value !== undefined) !== (rule.takesValue ?? false)) {
    throw new InvalidArgument(`unknown mount option "${option}": ${INVALID}`);
  }

  if (tmpfs && rule.notTmpfs) throw new InvalidArgument(`${rule.notTmpfs}: ${INVALID}`);
  if (!tmpfs && rule.onlyTmpfs) throw new InvalidArgument(`${rule.onlyTmpfs}: ${INVALID}`);
  return rule;
}
