import { SkiffError } from './skiff-error.js';

type Options = { cause?: unknown };

/** InvalidArgument is a bad flag value, option or configuration entry given by the user. */
export class InvalidArgument extends SkiffError {
  constructor(message: string, options?: Options) {
    super('InvalidArgument', message, options);
  }
}

/** NoSuchContainer means no container matches the given id, short id or name. */
export class NoSuchContainer extends SkiffError {
  constructor(nameOrId: string, options?: Options) {
    super(
      'NoSuchContainer',
      `no container with name or ID "${nameOrId}" found: no such container`,
      options,
    );
  }
}

/** NoSuchImage means no local image matches the given reference or id. */
export class NoSuchImage extends SkiffError {
  constructor(reference: string, options?: Options) {
    super('NoSuchImage', `${reference}: image not known`, options);
  }
}

/** NameInUse means another container already holds the requested name. */
export class NameInUse extends SkiffError {
  constructor(name: string, ownerId: string, options?: Options) {
    super(
      'NameInUse',
      `the container name "${name}" is already in use by ${ownerId}. ` +
        'You have to remove that container to be able to reuse that name: that name is already in use',
      options,
    );
  }
}

/** InvalidContainerState means the operation is not allowed in the container's current state. */
export class InvalidContainerState extends SkiffError {
  constructor(message: string, options?: Options) {
    super('ContainerState', message, options);
  }
}

/**
 * ContainerInUse means other containers depend on a container that was asked to be removed:
 * they join its namespaces.
 */
export class ContainerInUse extends SkiffError {
  constructor(message: string, options?: Options) {
    super('ContainerInUse', message, options);
  }
}

/** ImageInUse means containers still use an image that was asked to be removed. */
export class ImageInUse extends SkiffError {
  constructor(message: string, options?: Options) {
    super('ImageInUse', message, options);
  }
}

/** NoSuchVolume means no volume has the given name. */
export class NoSuchVolume extends SkiffError {
  constructor(name: string, options?: Options) {
    super('NoSuchVolume', `no volume with name "${name}" found: no such volume`, options);
  }
}

/** VolumeInUse means containers still use a volume that was asked to be removed. */
export class VolumeInUse extends SkiffError {
  constructor(name: string, containerIds: readonly string[], options?: Options) {
    super(
      'VolumeInUse',
      `volume ${name} is being used by the following container(s): ` +
        `${containerIds.join(', ')}: volume is being used`,
      options,
    );
  }
}

/** VolumeExists means a volume with the requested name already exists. */
export class VolumeExists extends SkiffError {
  constructor(name: string, options?: Options) {
    super(
      'VolumeExists',
      `volume with name ${name} already exists: volume already exists`,
      options,
    );
  }
}

/** OciRuntime is a failure reported by the OCI runtime; it carries the runtime's own words. */
export class OciRuntime extends SkiffError {
  readonly stderr: string;

  constructor(message: string, stderr = '', options?: Options) {
    super('OciRuntime', message, options);
    this.stderr = stderr;
  }
}

/** RuntimeNotFound means the configured or requested OCI runtime binary does not exist. */
export class RuntimeNotFound extends SkiffError {
  constructor(message: string, options?: Options) {
    super('RuntimeNotFound', message, options);
  }
}

/** ExecutableNotFound means the container's command could not be found (exit 127). */
export class ExecutableNotFound extends SkiffError {
  constructor(message: string, options?: Options) {
    super('ExecutableNotFound', message, options);
  }
}

/** ExecutablePermission means the container's command could not be invoked (exit 126). */
export class ExecutablePermission extends SkiffError {
  constructor(message: string, options?: Options) {
    super('ExecutablePermission', message, options);
  }
}

/** PluginLoad means a plugin module could not be found or does not export a valid descriptor. */
export class PluginLoad extends SkiffError {
  constructor(message: string, options?: Options) {
    super('PluginLoad', message, options);
  }
}

/** PluginIncompatible means a plugin's declared API range excludes this engine's version. */
export class PluginIncompatible extends SkiffError {
  constructor(message: string, options?: Options) {
    super('PluginIncompatible', message, options);
  }
}

/** NoProvider means configuration asks for a role implementation that no plugin provides. */
export class NoProvider extends SkiffError {
  constructor(message: string, options?: Options) {
    super('NoProvider', message, options);
  }
}

/** ConfigError is an unreadable or malformed configuration file. */
export class ConfigError extends SkiffError {
  constructor(message: string, options?: Options) {
    super('Config', message, options);
  }
}

/** StorageError is a failure of layer or container file system storage. */
export class StorageError extends SkiffError {
  constructor(message: string, options?: Options) {
    super('Storage', message, options);
  }
}

/**
 * UserNamespaceError is a rootless set-up the engine cannot build its user namespace from: no
 * subordinate ids for the user, `newuidmap` missing or without privileges, a runtime directory
 * the user cannot write.
 */
export class UserNamespaceError extends SkiffError {
  constructor(message: string, options?: Options) {
    super('UserNamespace', message, options);
  }
}
