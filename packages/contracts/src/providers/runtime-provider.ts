import type { OciProcess } from '../types/runtime-spec.js';

/** RuntimeInfo is a located OCI runtime binary. */
export interface RuntimeInfo {
  /** The name the user or configuration gave (`runc`), or the path when a path was given. */
  name: string;
  path: string;
}

/** LogDriver is where a monitored container's output is kept, as Podman's `--log-driver`. */
export type LogDriver = 'k8s-file' | 'none';

/**
 * RuntimeCreateOptions asks for a container to be created from a bundle under a monitor that
 * outlives the caller: it keeps the container's stdio and log, records its exit code in
 * `exitDir/<id>`, and runs `exitCommand` once the container has exited.
 */
export interface RuntimeCreateOptions {
  runtime: RuntimeInfo;
  id: string;
  name: string;
  /** The bundle directory holding config.json; the monitor's sockets and FIFOs go there too. */
  bundle: string;
  exitDir: string;
  logDriver: LogDriver;
  logPath: string;
  /** Bytes after which the log is truncated; -1 for no limit. */
  logSizeMax: number;
  /** The container has a pseudo-terminal (`-t`); process.terminal is set in config.json. */
  terminal: boolean;
  /** The container's stdin is a pipe the monitor feeds from attached clients (`-i`). */
  stdin: boolean;
  /** The command the monitor runs after the container exits (`skiff container cleanup`). */
  exitCommand?: string[];
}

/** RuntimeCreateReport is a container created and waiting for `start`. */
export interface RuntimeCreateReport {
  /** The container's first process on the host. */
  pid: number;
  /** The monitor's pid, which stays alive as long as the container. */
  monitorPid: number;
}

/** TerminalSize is a terminal's size in character cells. */
export interface TerminalSize {
  rows: number;
  columns: number;
}

/**
 * AttachStreams are the caller's side of an attach: what it sends to the container's stdin and
 * where the container's output goes. With a terminal, all output arrives on `stdout`.
 */
export interface AttachStreams {
  stdin?: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The byte sequence on stdin that detaches (`ctrl-p,ctrl-q`); empty never detaches. */
  detachKeys: readonly number[];
  /** The caller's terminal size and its changes, passed on to the container's terminal. */
  terminal?: {
    size(): TerminalSize | undefined;
    onResize(listener: () => void): () => void;
  };
}

/** AttachReport is how an attach ended: the container's output closed, or the user detached. */
export interface AttachReport {
  detached: boolean;
}

/** AttachSession is an established attach; `done` settles when it ends. */
export interface AttachSession {
  readonly done: Promise<AttachReport>;
  /** close ends the attach without touching the container. */
  close(): void;
}

/** RuntimeExecOptions asks for a process to run inside a running container under a monitor. */
export interface RuntimeExecOptions {
  runtime: RuntimeInfo;
  /** The container's id. */
  id: string;
  /** The exec session's work directory: its process spec, pid file and attach socket. */
  workDir: string;
  sessionId: string;
  process: OciProcess;
  /** Where the session's output and input go; absent for a detached exec (`-d`). */
  streams?: AttachStreams;
  /** The session's stdin is kept open (`-i`). */
  stdin: boolean;
}

/** RuntimeExecReport is an exec session's process: its pid, and its exit code once attached. */
export interface RuntimeExecReport {
  pid: number;
  exitCode?: number;
  detached?: boolean;
}

/** RuntimeStateReport is the runtime's view of a container, `undefined` when it knows none. */
export interface RuntimeStateReport {
  status: 'creating' | 'created' | 'running' | 'paused' | 'stopped';
  pid: number;
}

/**
 * RuntimeProvider owns driving an OCI runtime and the monitor that watches each container:
 * locating binaries, creating a container under its monitor, starting, attaching, signalling,
 * pausing, executing in it and deleting it. Core owns state transitions and their persistence.
 * Failures of the runtime are thrown as OciRuntime, or as ExecutableNotFound /
 * ExecutablePermission when the container's command could not be executed.
 */
export interface RuntimeProvider {
  /** Finds the binary for a runtime name or path; throws RuntimeNotFound. */
  locate(nameOrPath: string): Promise<RuntimeInfo>;
  /** Creates the container under a new monitor; it waits for `start`. */
  create(options: RuntimeCreateOptions): Promise<RuntimeCreateReport>;
  /** Connects the caller's streams to a monitored container's stdio. */
  attach(bundle: string, streams: AttachStreams): Promise<AttachSession>;
  /** Starts a created container's process. */
  start(runtime: RuntimeInfo, id: string): Promise<void>;
  /** Returns the exit code the monitor recorded, or undefined while the container runs. */
  exitCode(exitDir: string, id: string): Promise<number | undefined>;
  /** Says whether the monitor of a container is still alive. */
  monitorAlive(monitorPid: number, id: string): boolean;
  /** Returns the runtime's state of a container, or undefined if the runtime has none. */
  state(runtime: RuntimeInfo, id: string): Promise<RuntimeStateReport | undefined>;
  /** Sends a signal (`TERM`, `KILL`, a number) to the container's processes. */
  kill(runtime: RuntimeInfo, id: string, signal: string): Promise<void>;
  /** Freezes every process of the container (cgroup freezer). */
  pause(runtime: RuntimeInfo, id: string): Promise<void>;
  /** Thaws a paused container. */
  resume(runtime: RuntimeInfo, id: string): Promise<void>;
  /** Lists the host pids of the container's processes. */
  processes(runtime: RuntimeInfo, id: string): Promise<number[]>;
  /** Runs a process in a running container. */
  exec(options: RuntimeExecOptions): Promise<RuntimeExecReport>;
  /** Deletes the runtime's record of the container; `force` kills it first. */
  delete(runtime: RuntimeInfo, id: string, force: boolean): Promise<void>;
}

/** RuntimeProvider is also the DI token of the role. */
export const RuntimeProvider = Symbol.for('skiff.RuntimeProvider');
