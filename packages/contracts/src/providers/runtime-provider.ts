/** RuntimeInfo is a located OCI runtime binary. */
export interface RuntimeInfo {
  /** The name the user or configuration gave (`runc`), or the path when a path was given. */
  name: string;
  path: string;
}

/** RuntimeRunOptions asks for a container to run from a bundle. */
export interface RuntimeRunOptions {
  runtime: RuntimeInfo;
  id: string;
  /** The bundle directory holding config.json. */
  bundle: string;
  /** A directory for the runtime's transient files (its log, pid file). */
  workDir: string;
  /** Where a detached container's stdout and stderr go; foreground runs inherit stdio. */
  logPath?: string;
  /** Keep the caller's stdin attached (`-i`); otherwise the container reads /dev/null. */
  interactive?: boolean;
}

/** RuntimeExitReport is how a foreground container ended. */
export interface RuntimeExitReport {
  exitCode: number;
}

/** RuntimeStateReport is the runtime's view of a container, `undefined` when it knows none. */
export interface RuntimeStateReport {
  status: 'creating' | 'created' | 'running' | 'paused' | 'stopped';
  pid: number;
}

/**
 * RuntimeProvider owns driving an OCI runtime: locating its binary and creating, starting,
 * querying, signalling and deleting containers with it. Core owns state transitions and their
 * persistence. Failures of the runtime are thrown as OciRuntime, or as ExecutableNotFound /
 * ExecutablePermission when the container's command could not be executed.
 */
export interface RuntimeProvider {
  /** Finds the binary for a runtime name or path; throws RuntimeNotFound. */
  locate(nameOrPath: string): Promise<RuntimeInfo>;
  /** Runs a container in the foreground with inherited stdio until it exits. */
  run(options: RuntimeRunOptions): Promise<RuntimeExitReport>;
  /** Starts a container in the background; its output goes to `logPath`. */
  start(options: RuntimeRunOptions): Promise<RuntimeStateReport>;
  /** Returns the runtime's state of a container, or undefined if the runtime has none. */
  state(runtime: RuntimeInfo, id: string): Promise<RuntimeStateReport | undefined>;
  /** Sends a signal (`TERM`, `KILL`, a number) to the container's processes. */
  kill(runtime: RuntimeInfo, id: string, signal: string): Promise<void>;
  /** Deletes the runtime's record of the container; `force` kills it first. */
  delete(runtime: RuntimeInfo, id: string, force: boolean): Promise<void>;
}

/** RuntimeProvider is also the DI token of the role. */
export const RuntimeProvider = Symbol.for('skiff.RuntimeProvider');
