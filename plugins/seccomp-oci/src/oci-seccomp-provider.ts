import { readFile } from 'node:fs/promises';

import { EngineEnvironment, HostFacts, InvalidArgument, SkiffError } from '@skiff/contracts';
import type {
  LinuxSeccomp,
  SeccompOptions,
  SeccompProfileChoice,
  SeccompProvider,
  SeccompReport,
} from '@skiff/contracts';
import createDebug from 'debug';
import { inject, injectable } from 'tsyringe';

import { convertProfile } from './convert-profile.js';
import { decodeProfile } from './decode-profile.js';
import { DEFAULT_PROFILE_PATHS, findDefaultProfile } from './find-default-profile.js';
import { goErrorText } from './go-error-text.js';
import { nativeArch } from './native-arch.js';

const debug = createDebug('skiff:seccomp-oci:profile');

const UNCONFINED: SeccompReport = { origin: 'unconfined' };

// `--privileged` drops the profile only when it is the default one. Podman decides that by the
// path alone, so naming the default file explicitly drops it too, while any other file stays.
const PRIVILEGED_DROPS = new Set(['', ...DEFAULT_PROFILE_PATHS]);

/**
 * OciSeccompProvider produces `linux.seccomp` from seccomp profile files in the format Podman,
 * Docker and CRI-O share. It finds the default profile where Podman does, reads a named file or
 * an image's profile, and converts it for the host architecture and the container's
 * capabilities with Podman 4.3.1's rules.
 */
@injectable()
export class OciSeccompProvider implements SeccompProvider {
  constructor(
    @inject(EngineEnvironment) private readonly env: EngineEnvironment,
    @inject(HostFacts) private readonly host: HostFacts,
  ) {}

  async generate(options: SeccompOptions): Promise<SeccompReport> {
    const { profile, privileged } = options;
    if (isUnconfined(profile)) return UNCONFINED;

    const path = await this.profilePath(profile, privileged);
    if (path === 'unconfined') return UNCONFINED;

    // Podman converts before it looks at --privileged, so a broken profile fails either way.
    const seccomp = await this.load(profile, path, options.capabilities);
    if (privileged && PRIVILEGED_DROPS.has(path)) {
      debug('privileged container: dropping the default profile %s', path || '(built in)');
      return UNCONFINED;
    }

    const origin = profile.kind === 'image' ? 'image' : path;
    debug('seccomp from %s: %d rules', origin, seccomp?.syscalls?.length ?? 0);
    return seccomp === undefined ? { origin } : { seccomp, origin };
  }

  /**
   * The path that decides the privileged rule: the file asked for, else containers.conf's
   * `seccomp_profile`, else the first default file found. Empty when none exists and the
   * container does not need one.
   */
  private async profilePath(profile: SeccompProfileChoice, privileged: boolean): Promise<string> {
    if (profile.kind === 'file' && profile.path !== '') return profile.path;

    const configured = this.env.seccompProfile;
    if (configured !== undefined && configured !== '') return configured;

    const found = await findDefaultProfile();
    if (found !== undefined) return found;

    // Podman falls back to a copy compiled into it; Skiff ships none, but a privileged
    // container would drop that copy and an image's profile does not need it.
    if (profile.kind === 'image' || privileged) return '';
    throw new InvalidArgument(
      `no default seccomp profile: none of ${DEFAULT_PROFILE_PATHS.join(', ')} exists; ` +
        'set seccomp_profile in containers.conf or use --security-opt seccomp=<file|unconfined>',
    );
  }

  private async load(
    profile: SeccompProfileChoice,
    path: string,
    capabilities: readonly string[],
  ): Promise<LinuxSeccomp | undefined> {
    if (profile.kind === 'image') {
      return this.convert(profile.json, capabilities, 'loading seccomp profile failed');
    }
    if (path === '') return undefined;

    debug('reading seccomp profile %s', path);
    const json = await readProfile(path);
    return this.convert(json, capabilities, `loading seccomp profile (${path}) failed`);
  }

  private convert(
    json: string,
    capabilities: readonly string[],
    step: string,
  ): LinuxSeccomp | undefined {
    try {
      return convertProfile(decodeProfile(json), {
        arch: nativeArch(this.host.arch),
        capabilities,
      });
    } catch (error) {
      if (!SkiffError.is(error)) throw error;
      throw new InvalidArgument(step, { cause: error });
    }
  }
}

function isUnconfined(profile: SeccompProfileChoice): boolean {
  return (
    profile.kind === 'unconfined' || (profile.kind === 'file' && profile.path === 'unconfined')
  );
}

async function readProfile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidArgument('opening seccomp profile failed', {
      cause: new InvalidArgument(goErrorText(error, path)),
    });
  }
}
