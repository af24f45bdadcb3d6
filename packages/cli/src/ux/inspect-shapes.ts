import { MAP_SHAPE, type GoShape } from './go-view.js';

// The Go types behind Podman's inspect JSON, as far as `--format` templates can tell them
// apart. This is a table: only the maps matter for what a template prints (a missing key is
// `<no value>`), the type names only for the wording of a missing field's error. The objects
// themselves are `interface {}`, as Podman ranges over a []interface{} of them.

const DRIVER_DATA: GoShape = { type: '*define.DriverData', fields: { Data: MAP_SHAPE } };

/** CONTAINER_SHAPE is Podman's define.InspectContainerData. */
export const CONTAINER_SHAPE: GoShape = {
  type: 'interface {}',
  fields: {
    State: {
      type: '*define.InspectContainerState',
      fields: { Health: { type: 'define.HealthCheckResults' } },
    },
    Mounts: { items: { type: 'define.InspectMount' } },
    Config: {
      type: '*define.InspectContainerConfig',
      fields: { Labels: MAP_SHAPE, Annotations: MAP_SHAPE, Volumes: MAP_SHAPE },
    },
    HostConfig: {
      type: '*define.InspectContainerHostConfig',
      fields: {
        LogConfig: { type: '*define.InspectLogConfig', fields: { Config: MAP_SHAPE } },
        RestartPolicy: { type: '*define.InspectRestartPolicy' },
        PortBindings: MAP_SHAPE,
        IDMappings: { type: '*define.InspectIDMappings' },
        Ulimits: { items: { type: 'define.InspectUlimit' } },
        Tmpfs: MAP_SHAPE,
      },
    },
    NetworkSettings: {
      type: '*define.InspectNetworkSettings',
      fields: {
        Ports: MAP_SHAPE,
        Networks: { map: true, items: { type: '*define.InspectAdditionalNetwork' } },
      },
    },
    GraphDriver: DRIVER_DATA,
  },
};

/** IMAGE_SHAPE is Podman's inspect.ImageData. */
export const IMAGE_SHAPE: GoShape = {
  type: 'interface {}',
  fields: {
    Config: {
      type: '*v1.ImageConfig',
      fields: { Labels: MAP_SHAPE, ExposedPorts: MAP_SHAPE, Volumes: MAP_SHAPE },
    },
    Labels: MAP_SHAPE,
    Annotations: MAP_SHAPE,
    GraphDriver: DRIVER_DATA,
    RootFS: { type: '*inspect.RootFS' },
    History: { items: { type: 'v1.History' } },
    HealthCheck: { type: '*manifest.Schema2HealthConfig' },
  },
};

/** VOLUME_SHAPE is Podman's define.InspectVolumeData. */
export const VOLUME_SHAPE: GoShape = {
  type: 'interface {}',
  fields: { Labels: MAP_SHAPE, Options: MAP_SHAPE, Status: MAP_SHAPE },
};
