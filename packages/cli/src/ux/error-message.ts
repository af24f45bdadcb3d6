import { SkiffError } from '@skiff/contracts';

/** errorMessage is the one line Podman prints for an error: its chain joined by `: `. */
export function errorMessage(error: unknown): string {
  return SkiffError.chain(error).join(': ').replace(/\n/g, ' ');
}
