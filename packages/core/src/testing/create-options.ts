import type { ContainerCreateOptions } from '@skiff/contracts';

/** createOptions is `skiff create app` with no flags, changed by `overrides`, for unit tests. */
export function createOptions(
  overrides: Partial<ContainerCreateOptions> = {},
): ContainerCreateOptions {
  return {
    image: 'app',
    command: [],
    env: [],
    envFiles: [],
    readOnly: false,
    capAdd: [],
    capDrop: [],
    privileged: false,
    securityOpt: [],
    ulimits: [],
    autoRemove: false,
    tty: false,
    interactive: false,
    ...overrides,
  };
}
