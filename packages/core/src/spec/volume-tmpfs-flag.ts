import { ENGINE_MOUNT_FLAGS, mountOptions } from './volume-mount-options.js';
import { checkContainerPath, type UserMount } from './volume-user-mount.js';

/**
 * parseTmpfsFlag reads one `--tmpfs` value, `DST[:OPTIONS]`, checking the options as Podman
 * does for a tmpfs: z/Z and bind options are refused there.
 */
export function parseTmpfsFlag(value: string): UserMount {
  const colon = value.indexOf(':');
  const destination = colon < 0 ? value : value.slice(0, colon);
  const options = colon < 0 ? [] : value.slice(colon + 1).split(',');
  checkContainerPath(destination);

  mountOptions(options, true, ENGINE_MOUNT_FLAGS);
  return { type: 'tmpfs', source: '', destination, options, flag: `--tmpfs ${value}` };
}
