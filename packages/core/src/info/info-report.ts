// The shape of `skiff info`, named as `podman info --format json` names it, so that scripts
// written against Podman find the same keys. Skiff has no daemon, no network stack of its own
// and no packages to query, so the parts of Podman's report about those are left out rather
// than filled with made-up values.

/** BinaryInfo is a helper program the engine runs: where it is and what it says it is. */
export interface BinaryInfo {
  path: string;
  version: string;
}

/** SecurityInfo is `host.security`: what confines containers on this host. */
export interface SecurityInfo {
  apparmorEnabled: boolean;
  /** The default capabilities, comma-separated, as Podman prints them. */
  capabilities: string;
  rootless: boolean;
  seccompEnabled: boolean;
  seccompProfilePath: string;
  selinuxEnabled: boolean;
}

/** IdMapInfo is one range of a user namespace's mapping, in Podman's key names. */
export interface IdMapInfo {
  container_id: number;
  host_id: number;
  size: number;
}

/** HostInfo is `host`: the machine, its kernel and the programs containers run under. */
export interface HostInfo {
  arch: string;
  cgroupManager: string;
  cgroupVersion: string;
  conmon: BinaryInfo;
  cpus: number;
  distribution: { distribution: string; version: string; codename?: string };
  eventLogger: string;
  hostname: string;
  /** A rootless engine's user namespace, as the kernel maps it; absent as root. */
  idMappings?: { gidmap: IdMapInfo[]; uidmap: IdMapInfo[] };
  kernel: string;
  logDriver: string;
  memFree: number;
  memTotal: number;
  ociRuntime: BinaryInfo & { name: string };
  os: string;
  security: SecurityInfo;
  swapFree: number;
  swapTotal: number;
}

/** StoreInfo is `store`: where state lives and how much of it there is. */
export interface StoreInfo {
  containerStore: { number: number; paused: number; running: number; stopped: number };
  /** The storage driver of new containers (`overlay`, `vfs`), as the image provider says. */
  graphDriverName: string;
  /** Driver settings by Podman's names: `overlay.mount_program` for fuse-overlayfs. */
  graphOptions: Record<string, unknown>;
  graphRoot: string;
  imageStore: { number: number };
  runRoot: string;
  volumePath: string;
}

/** ProviderInfo is one role's entry in the Skiff-only `providers` section. */
export interface ProviderInfo {
  implementation: string;
  /** `configured` when containers.conf named the implementation, `auto` when Skiff chose. */
  chosenBy: 'configured' | 'auto';
  plugin: string;
  packageName: string;
  packageVersion: string;
  apiRange: string;
}

/** VersionInfo is `version`: Skiff's own version and the provider API it offers. */
export interface VersionInfo {
  APIVersion: string;
  Version: string;
  OsArch: string;
  Os: string;
}

/** InfoReport is everything `skiff info` shows. */
export interface InfoReport {
  host: HostInfo;
  store: StoreInfo;
  registries: Record<string, unknown>;
  version: VersionInfo;
  providers: Record<string, ProviderInfo>;
}
