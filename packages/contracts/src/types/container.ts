import type { SpecDirective } from './provenance.js';

/** ContainerStatus is a container's lifecycle state, spelled as Podman spells it. */
export type ContainerStatus = 'created' | 'running' | 'paused' | 'stopped' | 'exited';

/**
 * ContainerCreateOptions is what the user asked for when creating a container: the flags of
 * `skiff create` / `skiff run` after parsing, before any default is applied.
 */
export interface ContainerCreateOptions {
  image: string;
  command: string[];
  name?: string;
  env: string[];
  envFiles: string[];
  workdir?: string;
  user?: string;
  /** `--entrypoint`: a plain command or a JSON array; `''` clears the image's entrypoint. */
  entrypoint?: string;
  hostname?: string;
  readOnly: boolean;
  capAdd: string[];
  capDrop: string[];
  privileged: boolean;
  securityOpt: string[];
  ulimits: string[];
  /** Remove the container when it exits. */
  autoRemove: boolean;
  /** Name or path of the OCI runtime for this container. */
  runtime?: string;
  tty: boolean;
  interactive: boolean;
  /** `--restart`: `no`, `on-failure[:N]`, `always` or `unless-stopped`. */
  restart?: string;
  /** `--stop-signal`, overriding the image's. */
  stopSignal?: string;
  /** `--stop-timeout`: seconds `stop` waits before SIGKILL. */
  stopTimeout?: number;
  /** `--log-driver`: `k8s-file` (the default) or `none`. */
  logDriver?: string;
  /** `--log-opt` entries (`max-size=10m`, `path=...`). */
  logOpts?: string[];
  /** `-l`/`--label` values: `KEY=VALUE`, or `KEY` for an empty value. */
  labels?: string[];
  /** `--label-file` paths: one `KEY=VALUE` per line. */
  labelFiles?: string[];
  /** `-v`/`--volume` values: `SRC:DST[:OPTIONS]`, a named volume or a host path as SRC. */
  volumes?: string[];
  /** `--mount` values: `type=bind|volume|tmpfs,source=...,destination=...,...`. */
  mounts?: string[];
  /** `--tmpfs` values: `DST[:OPTIONS]`. */
  tmpfs?: string[];
  /** `--pid`: `private` (the default), `host` or `container:NAME|ID`. */
  pid?: string;
  /** `--ipc`: `private` (the default), `host` or `container:NAME|ID`. */
  ipc?: string;
  /** `--systemd`: `true` (the default: systemd mode for an init command), `false` or `always`. */
  systemd?: string;
  /** `--seccomp-policy`: `default` or `image` (the profile in the image's labels). */
  seccompPolicy?: string;
  /** `--network`: `private` (the default: a network namespace of its own), `none` or `host`. */
  network?: string;
  /** `--userns`: `host` (the default), `keep-id`, or empty. */
  userns?: string;
  /** `--uidmap` values: `CONTAINER_ID:HOST_ID:SIZE`. */
  uidmap?: string[];
  /** `--gidmap` values: `CONTAINER_ID:HOST_ID:SIZE`. */
  gidmap?: string[];
  /** `--subuidname`: the user whose `/etc/subuid` range maps the container's uids. */
  subuidname?: string;
  /** `--subgidname`: the group whose `/etc/subgid` range maps the container's gids. */
  subgidname?: string;
}

/** ContainerState is the runtime part of a container record. */
export interface ContainerState {
  status: ContainerStatus;
  exitCode: number;
  pid: number;
  startedAt?: string;
  finishedAt?: string;
  /** The pid of the monitor (conmon) watching the running container. */
  monitorPid?: number;
  /** How many times a restart policy has restarted the container since it was started. */
  restartCount?: number;
  /** The last stop was asked for by a user, which `unless-stopped` honours. */
  stoppedByUser?: boolean;
}

/**
 * ContainerRecord is a container as the engine stores it. `spec` is the config.json generated
 * at create time; each start completes it with the root file system and labels.
 */
export interface ContainerRecord {
  id: string;
  name: string;
  imageId: string;
  imageName: string;
  created: string;
  command: string[];
  options: ContainerCreateOptions;
  processLabel: string;
  mountLabel: string;
  runtime: string;
  state: ContainerState;
  provenance: SpecDirective[];
}
