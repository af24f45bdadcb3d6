/**
 * EngineConfig is the part of containers.conf and storage.conf that Skiff reads, with
 * Podman's key names mapped to camelCase. Absent keys stay undefined so that defaults are
 * applied in one place (the spec generator and engine options), not while parsing.
 */
export interface EngineConfig {
  containers: {
    defaultCapabilities?: string[];
    defaultUlimits?: string[];
    env?: string[];
    /** `label = false` turns labelling off for every container. */
    label?: boolean;
    seccompProfile?: string;
    pidsLimit?: number;
    /** `log_driver`: `k8s-file` or `none`. */
    logDriver?: string;
    /** `log_size_max`: bytes after which a container's log is truncated; -1 for no limit. */
    logSizeMax?: number;
  };
  engine: {
    conmonPath?: string[];
    /** `stop_timeout`: seconds `stop` waits before SIGKILL. */
    stopTimeout?: number;
    runtime?: string;
    runtimes: Record<string, string[]>;
  };
  /** The `[skiff]` table: what Podman has no key for. */
  skiff: {
    imageProvider?: string;
    labelProvider?: string;
    seccompProvider?: string;
    runtimeProvider?: string;
    plugins: string[];
  };
  storage: {
    driver?: string;
    /** `[storage.options.overlay] mount_program` (or the older `[storage.options]` key). */
    mountProgram?: string;
    graphroot?: string;
    runroot?: string;
  };
  /** The files that were read, in order, for `skiff info` and diagnostics. */
  sources: string[];
}

/** emptyEngineConfig returns a configuration with nothing set. */
export function emptyEngineConfig(): EngineConfig {
  return {
    containers: {},
    engine: { runtimes: {} },
    skiff: { plugins: [] },
    storage: {},
    sources: [],
  };
}
