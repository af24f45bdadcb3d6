import { goView, MAP_SHAPE, type GoShape } from './go-view.js';

// Podman's info templates read define.Info's Go fields, PascalCase, while its JSON keys are
// camelCase; most names differ only in the first letter, these do not.
const FIELD_NAMES: Readonly<Record<string, string>> = {
  apiRange: 'APIRange',
  apparmorEnabled: 'AppArmorEnabled',
  capabilities: 'DefaultCapabilities',
  cgroupVersion: 'CgroupsVersion',
  cpuUtilization: 'CPUUtilization',
  cpus: 'CPUs',
  gidmap: 'GIDMap',
  idMappings: 'IDMappings',
  ociRuntime: 'OCIRuntime',
  os: 'OS',
  seccompEnabled: 'SECCOMPEnabled',
  seccompProfilePath: 'SECCOMPProfilePath',
  selinuxEnabled: 'SELinuxEnabled',
  slirp4netns: 'Slirp4NetNS',
  uidmap: 'UIDMap',
};

const INFO_SHAPE: GoShape = {
  type: '*define.Info',
  fields: {
    host: {
      type: '*define.HostInfo',
      fields: {
        conmon: { type: '*define.ConmonInfo' },
        distribution: { type: 'define.DistributionInfo' },
        idMappings: { type: 'define.IDMappings' },
        ociRuntime: { type: '*define.OCIRuntimeInfo' },
        security: { type: 'define.SecurityInfo' },
      },
    },
    store: {
      type: '*define.StoreInfo',
      fields: {
        containerStore: { type: 'define.ContainerStore' },
        graphOptions: MAP_SHAPE,
        graphStatus: MAP_SHAPE,
        imageStore: { type: 'define.ImageStore' },
      },
    },
    registries: MAP_SHAPE,
    plugins: { type: 'define.Plugins' },
    version: { type: 'define.Version' },
    // Skiff's own section: the provider filling each role, by role.
    providers: { map: true, items: { type: 'ProviderInfo' } },
  },
};

/** goFieldName is the Go field Podman's info templates use for a JSON key. */
export function goFieldName(key: string): string {
  return FIELD_NAMES[key] ?? `${key.charAt(0).toUpperCase()}${key.slice(1)}`;
}

/**
 * infoView is `skiff info` as `--format` templates see it: Podman's define.Info, with its
 * field names (`.Host.OS`, `.Store.GraphRoot`), while `json` of any part prints the keys of
 * `info --format json` (`{{json .Host.Security}}` has `seccompEnabled`).
 */
export function infoView(report: object): unknown {
  return goView(report, INFO_SHAPE, { fieldName: goFieldName });
}
