// The seccomp profile file format shared by Podman, Docker and CRI-O, after decoding. Every key
// is present: absent and null keys hold Go's zero value, as they do in the Go structs Podman
// decodes into, because the conversion rules test for "empty", not for "absent".

/**
 * SeccompProfile is a decoded profile file (`seccomp.json`): a default action and the rules
 * that override it, with the legacy and current spellings of architectures and errno values.
 */
export interface SeccompProfile {
  defaultAction: string;
  /** Legacy numeric errno of the default action; `defaultErrno` wins when non-empty. */
  defaultErrnoRet?: number;
  defaultErrno: string;
  /** Legacy flat architecture list; cannot be combined with `archMap`. */
  architectures: string[];
  archMap: ProfileArchitecture[];
  /** `null` entries are kept so the conversion can refuse them where Podman would crash. */
  syscalls: (ProfileSyscall | null)[];
  flags: string[];
  listenerPath: string;
  listenerMetadata: string;
}

/** ProfileArchitecture is one `archMap` entry: a native architecture and its companions. */
export interface ProfileArchitecture {
  architecture: string;
  subArchitectures: string[];
}

/** ProfileSyscall is one rule group of a profile, with the conditions that select it. */
export interface ProfileSyscall {
  name: string;
  names: string[];
  action: string;
  args: (ProfileArg | null)[];
  comment: string;
  includes: ProfileFilter;
  excludes: ProfileFilter;
  /** Legacy numeric errno; `errno` wins when non-empty. */
  errnoRet?: number;
  errno: string;
}

/** ProfileArg is one argument comparison of a rule. */
export interface ProfileArg {
  index: number;
  value: number;
  valueTwo: number;
  op: string;
}

/** ProfileFilter lists the capabilities and architectures a rule depends on. */
export interface ProfileFilter {
  caps: string[];
  arches: string[];
}
