// The subset of the OCI runtime specification (config.json, version 1.0.x) that Skiff writes.
// Field names follow the specification exactly; optional keys are omitted when unset.

/** OciSpec is an OCI runtime bundle's config.json. */
export interface OciSpec {
  ociVersion: string;
  process: OciProcess;
  root: { path: string; readonly?: boolean };
  hostname?: string;
  mounts: OciMount[];
  annotations?: Record<string, string>;
  linux: OciLinux;
}

/** OciProcess is the container's first process. */
export interface OciProcess {
  terminal?: boolean;
  user: { uid: number; gid: number; umask?: number; additionalGids?: number[] };
  args: string[];
  env: string[];
  cwd: string;
  capabilities?: OciCapabilities;
  rlimits?: OciRlimit[];
  noNewPrivileges?: boolean;
  apparmorProfile?: string;
  oomScoreAdj?: number;
  selinuxLabel?: string;
}

/** OciCapabilities holds the five capability sets of a process. */
export interface OciCapabilities {
  bounding: string[];
  effective: string[];
  inheritable: string[];
  permitted: string[];
  ambient: string[];
}

/** OciRlimit is one POSIX resource limit. */
export interface OciRlimit {
  type: string;
  hard: number;
  soft: number;
}

/** OciMount is one mount in the container's file system. */
export interface OciMount {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

/** OciLinux holds the Linux-specific part of a runtime configuration. */
export interface OciLinux {
  namespaces: { type: string; path?: string }[];
  uidMappings?: OciIdMapping[];
  gidMappings?: OciIdMapping[];
  cgroupsPath?: string;
  resources?: Record<string, unknown>;
  seccomp?: LinuxSeccomp;
  maskedPaths?: string[];
  readonlyPaths?: string[];
  mountLabel?: string;
  sysctl?: Record<string, string>;
}

/** OciIdMapping maps a range of ids inside a user namespace to ids outside it. */
export interface OciIdMapping {
  containerID: number;
  hostID: number;
  size: number;
}

/** LinuxSeccomp is the `linux.seccomp` object of config.json. */
export interface LinuxSeccomp {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[];
  flags?: string[];
  listenerPath?: string;
  listenerMetadata?: string;
  syscalls?: LinuxSyscall[];
}

/** LinuxSyscall is one seccomp rule: an action for a list of system calls. */
export interface LinuxSyscall {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: LinuxSeccompArg[];
}

/** LinuxSeccompArg is one argument comparison of a seccomp rule. */
export interface LinuxSeccompArg {
  index: number;
  value: number;
  valueTwo?: number;
  op: string;
}
