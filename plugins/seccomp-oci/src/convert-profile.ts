import { InvalidArgument } from '@skiff/contracts';
import type { LinuxSeccomp, LinuxSeccompArg, LinuxSyscall } from '@skiff/contracts';

import type { NativeArch } from './native-arch.js';
import { resolveErrno } from './resolve-errno.js';
import type { ProfileArg, ProfileSyscall, SeccompProfile } from './seccomp-profile.js';

/** ConvertOptions is the host and the capability set a profile is converted for. */
export interface ConvertOptions {
  arch: NativeArch;
  /** The container's bounding set (`CAP_CHOWN` ...), which `includes.caps`/`excludes.caps` test. */
  capabilities: readonly string[];
}

/**
 * convertProfile turns a decoded profile into `linux.seccomp` as Podman 4.3.1 does: the rules
 * that apply to this architecture and capability set, in file order, with errno names resolved.
 * Returns undefined for a profile without a default action or rules. Throws InvalidArgument.
 *
 * Keys are added in the order the runtime-spec Go structs declare them, and empty ones left
 * out, so that `JSON.stringify` writes the same text Podman does.
 */
export function convertProfile(
  profile: SeccompProfile,
  options: ConvertOptions,
): LinuxSeccomp | undefined {
  // Podman reads this as "seccomp disabled": `{}` gives a container with no filter at all.
  if (profile.defaultAction === '' && profile.syscalls.length === 0) return undefined;

  const architectures = selectArchitectures(profile, options.arch);
  const defaultErrnoRet = resolveErrno(profile.defaultErrno, profile.defaultErrnoRet, options.arch);
  const syscalls = convertRules(profile.syscalls, options);

  return {
    defaultAction: profile.defaultAction,
    ...(defaultErrnoRet === undefined
      ? {}
      : { defaultErrnoRet: exact(defaultErrnoRet, 'defaultErrnoRet') }),
    ...(architectures.length === 0 ? {} : { architectures }),
    ...(profile.flags.length === 0 ? {} : { flags: [...profile.flags] }),
    ...(profile.listenerPath === '' ? {} : { listenerPath: profile.listenerPath }),
    ...(profile.listenerMetadata === '' ? {} : { listenerMetadata: profile.listenerMetadata }),
    ...(syscalls.length === 0 ? {} : { syscalls }),
  };
}

function selectArchitectures(profile: SeccompProfile, arch: NativeArch): string[] {
  if (profile.architectures.length > 0 && profile.archMap.length > 0) {
    throw new InvalidArgument(
      "'architectures' and 'archMap' were specified in the seccomp profile, " +
        "use either 'architectures' or 'archMap'",
    );
  }

  if (profile.architectures.length > 0) return [...profile.architectures];

  const entry = profile.archMap.find(
    (candidate) => arch.archMapKey !== undefined && candidate.architecture === arch.archMapKey,
  );
  return entry === undefined ? [] : [entry.architecture, ...entry.subArchitectures];
}

function convertRules(rules: SeccompProfile['syscalls'], options: ConvertOptions): LinuxSyscall[] {
  const converted: LinuxSyscall[] = [];

  rules.forEach((rule, index) => {
    // Podman dereferences every entry while filtering and crashes on null; refuse it instead.
    if (rule === null) throw new InvalidArgument(`syscalls[${index}] is null`);
    if (!applies(rule, options)) return;

    const names = namesOf(rule);
    const errnoRet = resolveErrno(rule.errno, rule.errnoRet, options.arch);
    if (names.length === 0) return;

    converted.push(convertRule(rule, names, errnoRet, `syscalls[${index}]`));
  });

  return converted;
}

function applies(rule: ProfileSyscall, { arch, capabilities }: ConvertOptions): boolean {
  const { includes, excludes } = rule;

  if (excludes.arches.includes(arch.name)) return false;
  if (excludes.caps.some((cap) => capabilities.includes(cap))) return false;
  if (includes.arches.length > 0 && !includes.arches.includes(arch.name)) return false;

  return includes.caps.every((cap) => capabilities.includes(cap));
}

function namesOf(rule: ProfileSyscall): string[] {
  if (rule.name !== '' && rule.names.length > 0) {
    throw new InvalidArgument(
      "'name' and 'names' were specified in the seccomp profile, use either 'name' or 'names'",
    );
  }

  return rule.name === '' ? [...rule.names] : [rule.name];
}

function convertRule(
  rule: ProfileSyscall,
  names: string[],
  errnoRet: number | undefined,
  where: string,
): LinuxSyscall {
  const args = rule.args.map((arg, index) => convertArg(arg, `${where}.args[${index}]`));

  return {
    names,
    action: rule.action,
    ...(errnoRet === undefined ? {} : { errnoRet: exact(errnoRet, `${where}.errnoRet`) }),
    ...(args.length === 0 ? {} : { args }),
  };
}

function convertArg(arg: ProfileArg | null, where: string): LinuxSeccompArg {
  if (arg === null) throw new InvalidArgument(`${where} is null`);

  return {
    index: exact(arg.index, `${where}.index`),
    value: exact(arg.value, `${where}.value`),
    ...(arg.valueTwo === 0 ? {} : { valueTwo: exact(arg.valueTwo, `${where}.valueTwo`) }),
    op: arg.op,
  };
}

// A profile may hold any 64-bit value, but config.json is written from JavaScript numbers, which
// are exact only up to 2^53-1. A rounded comparison value would silently change what a rule
// matches, so such a profile is refused rather than converted.
function exact(value: number, where: string): number {
  if (Number.isSafeInteger(value)) return value;

  throw new InvalidArgument(
    `${where}: ${value} is beyond 2^53-1, the largest value Skiff can write exactly`,
  );
}
