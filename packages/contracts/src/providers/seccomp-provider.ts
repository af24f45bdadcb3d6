import type { LinuxSeccomp } from '../types/runtime-spec.js';

/**
 * SeccompProfileChoice is what the user selected: the default profile (`seccomp=` absent or
 * empty), `unconfined`, a profile file, or the profile an image carries in its labels.
 */
export type SeccompProfileChoice =
  | { kind: 'default' }
  | { kind: 'unconfined' }
  | { kind: 'file'; path: string }
  | { kind: 'image'; json: string };

/** SeccompOptions asks for the `linux.seccomp` object of one container. */
export interface SeccompOptions {
  profile: SeccompProfileChoice;
  /** The container's final bounding capability set (`CAP_CHOWN` ...); rules are filtered by it. */
  capabilities: readonly string[];
  /** `--privileged` drops the default profile but honours a custom one. */
  privileged: boolean;
}

/** SeccompReport is the converted profile, or no `seccomp` when the container is unconfined. */
export interface SeccompReport {
  seccomp?: LinuxSeccomp;
  /** Where the rules came from: a profile path, `image`, or `unconfined`. */
  origin: string;
}

/**
 * SeccompProvider owns seccomp profiles: finding the default one, reading a file or an image's
 * profile, and converting it into `linux.seccomp` for the container's architecture and
 * capabilities. Which capabilities a container has is decided by core and given as input.
 */
export interface SeccompProvider {
  /** Produces the container's seccomp rules; throws InvalidArgument for a bad profile. */
  generate(options: SeccompOptions): Promise<SeccompReport>;
}

/** SeccompProvider is also the DI token of the role. */
export const SeccompProvider = Symbol.for('skiff.SeccompProvider');
