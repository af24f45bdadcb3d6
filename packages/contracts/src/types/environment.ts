/**
 * EngineEnvironment is where this engine instance keeps its state and which runtime it drives,
 * as resolved from flags, environment variables and configuration files. Core registers it;
 * providers inject it to find their storage.
 */
export interface EngineEnvironment {
  /** Persistent storage: the database, layers and container file systems. */
  readonly root: string;
  /** Transient storage: bundles, pid files, runtime state. Cleared by a reboot. */
  readonly runroot: string;
  /** True when the engine runs without root privileges. */
  readonly rootless: boolean;
  /** Storage driver asked for (`overlay` or `vfs`); undefined lets the image provider choose. */
  readonly storageDriver?: string;
  /**
   * storage.conf `[storage.options.overlay] mount_program`: a FUSE program (fuse-overlayfs) that
   * overlay mounts go through instead of the kernel's overlay. Undefined lets the image
   * provider choose, which it does for rootless stores where the kernel's overlay is refused.
   */
  readonly overlayMountProgram?: string;
  /** The OCI runtime to drive: its name and the paths to try, or one explicit path. */
  readonly ociRuntime: { readonly name: string; readonly paths: readonly string[] };
  /** Paths to try for the conmon monitor (containers.conf `conmon_path`), in order. */
  readonly conmonPaths: readonly string[];
  /** containers.conf `seccomp_profile`, when set. */
  readonly seccompProfile?: string;
}

/**
 * HostFacts is what the engine learned about the kernel it runs on. Core detects it once per
 * process; tests substitute it to exercise providers as if on another host.
 */
export interface HostFacts {
  /** SELinux is mounted, writable, and this process is not labelled `kernel`. */
  readonly selinuxEnabled: boolean;
  /** AppArmor is enabled in the kernel (`/sys/module/apparmor/parameters/enabled` is `Y`). */
  readonly apparmorEnabled?: boolean;
  /** The architecture in Go's spelling (`amd64`, `arm64` ...), as seccomp profiles name it. */
  readonly arch: string;
  /** The caller's hard resource limits, by OCI rlimit type (`RLIMIT_NOFILE` ...). */
  readonly hardLimits: Readonly<Record<string, number>>;
}

/** EngineEnvironment is also the DI token of the engine's resolved environment. */
export const EngineEnvironment = Symbol.for('skiff.EngineEnvironment');

/** HostFacts is also the DI token of what the engine detected about the host. */
export const HostFacts = Symbol.for('skiff.HostFacts');
