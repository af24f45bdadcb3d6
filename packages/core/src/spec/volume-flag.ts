import { InvalidArgument } from '@skiff/contracts';

import { checkVolumeOptions } from './volume-option-check.js';
import { checkContainerPath, checkNamedVolume, type UserMount } from './volume-user-mount.js';

/**
 * parseVolumeFlag reads one `-v`/`--volume` value, `[SRC:]DST[:OPTIONS]`, as Podman does: a
 * source starting with `/` or `.` is a host path to bind, any other is a named volume, and no
 * source at all asks for an anonymous volume. Throws InvalidArgument with Podman's texts.
 */
export function parseVolumeFlag(value: string): UserMount {
  const parts = value.split(':');
  if (parts.length > 3) {
    throw new InvalidArgument(
      `${value}: incorrect volume format, should be [host-dir:]ctr-dir[:option]`,
    );
  }

  const [source, destination] = parts.length === 1 ? ['', parts[0]] : parts;
  if (parts.length > 1 && source === '')
    throw new InvalidArgument('host directory cannot be empty');
  if (destination === '') throw new InvalidArgument('container directory cannot be empty');
  const options = parts.length > 2 ? parts[2].split(',') : [];
  checkVolumeOptions(options);
  checkUnsupported(options);
  checkContainerPath(destination);

  const type = source !== '' && isHostPath(source) ? 'bind' : 'volume';
  if (type === 'volume' && source !== '') checkNamedVolume(source);
  return {
    type,
    source,
    destination,
    options: options.filter((option) => option !== 'z' && option !== 'Z'),
    relabel: options.find((option): option is 'z' | 'Z' => option === 'z' || option === 'Z'),
    flag: `--volume ${value}`,
  };
}

function isHostPath(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.');
}

// Overlay volumes (`O`) and chowning to the container's user (`U`) are not built; refusing
// them is clearer than a container that silently lacks them.
function checkUnsupported(options: readonly string[]): void {
  for (const option of ['O', 'U']) {
    if (options.includes(option)) {
      throw new InvalidArgument(`the '${option}' volume option is not supported by skiff`);
    }
  }
}
