import type {
  ContainerCreateOptions,
  HostFacts,
  ImageRecord,
  OciSpec,
  SeccompProvider,
  SeccompProfileChoice,
  SpecDirective,
} from '@skiff/contracts';
import { InvalidArgument } from '@skiff/contracts';

import type { EngineConfig } from '../config/engine-config.js';
import { DEFAULT_CAPABILITIES, hostCapabilities, mergeCapabilities } from './capabilities.js';
import {
  defaultMounts,
  MASKED_PATHS,
  READONLY_PATHS,
  readOnlyTmpfsMounts,
} from './default-mounts.js';
import { DEFAULT_ENV, EnvList, readEnvFile, userAssignments } from './environment.js';
import { processArgs } from './process-args.js';
import { adjustShm, namespaceChoices, namespaceList } from './shared-namespaces.js';
import { engineRlimits, mergeRlimits, parseUlimit } from './rlimits.js';
import type { SecurityOptions } from './security-options.js';
import { SpecBuilder } from './spec-builder.js';
import { addUserMounts } from './volume-spec-mounts.js';

// The image label whose value is the seccomp profile `--seccomp-policy=image` applies.
const SECCOMP_IMAGE_LABEL = 'io.containers.seccomp.profile';

/** SpecInputs is everything the three buckets contribute to one container's config.json. */
export interface SpecInputs {
  id: string;
  image: ImageRecord;
  options: ContainerCreateOptions;
  security: SecurityOptions;
  defaults: EngineConfig['containers'];
  host: HostFacts;
  hostEnv: NodeJS.ProcessEnv;
  seccomp: SeccompProvider;
  /** How provenance names the seccomp provider (`seccomp provider oci from ...`). */
  seccompOrigin?: string;
  /** Where named volumes keep their data (`<root>/volumes`); needed only to use one. */
  volumesDir?: string;
}

/** GeneratedSpec is a config.json before its root file system and labels are known. */
export interface GeneratedSpec {
  spec: OciSpec;
  provenance: SpecDirective[];
}

/**
 * generateSpec builds a container's config.json from the image, the engine's defaults and the
 * user's flags, in that order, so that each later bucket overrides the earlier ones, and
 * records the bucket and input behind every directive.
 */
export async function generateSpec(inputs: SpecInputs): Promise<GeneratedSpec> {
  const builder = new SpecBuilder(emptySpec());

  setProcess(builder, inputs);
  setEnvironment(builder, inputs);
  setHostname(builder, inputs);
  const capabilities = setCapabilities(builder, inputs);
  setRlimits(builder, inputs);
  setFilesystem(builder, inputs);
  setLinux(builder, inputs);
  await setSeccomp(builder, inputs, capabilities);
  setApparmor(builder, inputs);
  setAnnotations(builder, inputs);

  return { spec: builder.spec, provenance: builder.provenance() };
}

function emptySpec(): OciSpec {
  return {
    ociVersion: '1.0.2-dev',
    process: { user: { uid: 0, gid: 0, umask: 0o022 }, args: [], env: [], cwd: '/' },
    root: { path: '' },
    mounts: [],
    linux: { namespaces: [] },
  };
}

function setProcess(builder: SpecBuilder, { image, options }: SpecInputs): void {
  const runConfig = image.config.config ?? {};
  const { args, entrypointFrom, commandFrom } = processArgs(
    runConfig,
    options.entrypoint,
    options.command,
  );
  const origin = [
    entrypointFrom === 'user' ? '--entrypoint' : entrypointFrom === 'image' ? 'Entrypoint' : '',
    commandFrom === 'user' ? 'command arguments' : commandFrom === 'image' ? 'Cmd' : '',
  ].filter(Boolean);
  const source = entrypointFrom === 'user' || commandFrom === 'user' ? 'user' : 'image';
  builder.set('process.args', args, source, origin.join(' + '));
  if (options.tty) builder.set('process.terminal', true, 'user', '--tty');
  else builder.set('process.terminal', false, 'engine', 'no terminal without --tty');

  if (options.workdir) builder.set('process.cwd', options.workdir, 'user', '--workdir');
  else if (runConfig.WorkingDir)
    builder.set('process.cwd', runConfig.WorkingDir, 'image', 'WorkingDir');
  else builder.set('process.cwd', '/', 'engine', 'default working directory');

  // The user is resolved against the container's /etc/passwd at start; this records the name.
  if (options.user) builder.note('process.user', 'user', `--user ${options.user}`);
  else if (runConfig.User) builder.note('process.user', 'image', `User ${runConfig.User}`);
  else builder.note('process.user', 'engine', 'root by default');
}

function setEnvironment(builder: SpecBuilder, inputs: SpecInputs): void {
  const { image, options, defaults, hostEnv, id } = inputs;
  const env = new EnvList();
  const origins: string[] = ['engine defaults'];

  env.setAll(DEFAULT_ENV);
  // Software inside containers tells engines apart by this variable; systemd knows `podman`,
  // and Skiff runs containers the way Podman does.
  env.set('container=podman');
  // containers.conf `env` is a default the image may override, as in Podman.
  if (defaults.env?.length) {
    env.setAll(defaults.env);
    origins.push('containers.conf env');
  }
  const imageEnv = image.config.config?.Env ?? [];
  if (imageEnv.length) {
    env.setAll(imageEnv);
    origins.push('image Env');
  }
  for (const file of options.envFiles) env.setAll(readEnvFile(file, hostEnv));
  if (options.envFiles.length) origins.push('--env-file');
  env.setAll(userAssignments(options.env, hostEnv));
  if (options.env.length) origins.push('--env');
  if (!env.has('HOSTNAME')) env.set(`HOSTNAME=${options.hostname ?? id.slice(0, 12)}`);

  const byUser = options.env.length || options.envFiles.length;
  const source = byUser ? 'user' : imageEnv.length ? 'image' : 'engine';
  builder.set('process.env', env.toArray(), source, origins.join(' + '));
}

function setHostname(builder: SpecBuilder, { options, id }: SpecInputs): void {
  if (options.hostname) builder.set('hostname', options.hostname, 'user', '--hostname');
  else builder.set('hostname', id.slice(0, 12), 'engine', 'short container id');
}

function setCapabilities(builder: SpecBuilder, { options, defaults }: SpecInputs): string[] {
  let caps: string[];
  let origin: string;
  if (options.privileged) {
    caps = hostCapabilities();
    origin = '--privileged: every capability';
  } else {
    const base = defaults.defaultCapabilities ?? DEFAULT_CAPABILITIES;
    caps = mergeCapabilities(base, options.capAdd, options.capDrop);
    origin = defaults.defaultCapabilities
      ? 'containers.conf default_capabilities'
      : 'default capabilities';
    if (options.capAdd.length || options.capDrop.length) origin += ' + --cap-add/--cap-drop';
  }

  const source =
    options.privileged || options.capAdd.length || options.capDrop.length ? 'user' : 'engine';
  const sets = { bounding: caps, effective: caps, inheritable: [], permitted: caps, ambient: [] };
  builder.set('process.capabilities', sets, source, origin);
  return caps;
}

function setRlimits(builder: SpecBuilder, { options, defaults, host }: SpecInputs): void {
  const engine = engineRlimits(host.hardLimits);
  const configured = (defaults.defaultUlimits ?? []).map(parseUlimit);
  const user = options.ulimits.map(parseUlimit);
  const origin = ['defaults capped at the caller hard limits'];
  if (configured.length) origin.push('containers.conf default_ulimits');
  if (user.length) origin.push('--ulimit');
  builder.set(
    'process.rlimits',
    mergeRlimits(engine, configured, user),
    user.length ? 'user' : 'engine',
    origin.join(' + '),
  );
}

function setFilesystem(builder: SpecBuilder, { options, volumesDir }: SpecInputs): void {
  const mounts = defaultMounts(options.privileged);
  if (options.readOnly) {
    mounts.push(...readOnlyTmpfsMounts());
    builder.set('root.readonly', true, 'user', '--read-only');
  }
  builder.set('mounts', mounts, options.privileged ? 'user' : 'engine', 'default mounts');
  addUserMounts(builder, { options, volumesDir });
}

function setLinux(builder: SpecBuilder, { options, security, id, defaults }: SpecInputs): void {
  setNamespaces(builder, options);
  builder.set('linux.cgroupsPath', `/skiff_parent/skiff-${id}`, 'engine', 'cgroupfs manager');
  builder.set(
    'linux.resources',
    { devices: [{ allow: false, access: 'rwm' }], pids: { limit: defaults.pidsLimit ?? 2048 } },
    'engine',
    'pids_limit and device policy',
  );
  builder.set('linux.sysctl', { 'net.ipv4.ping_group_range': '0 0' }, 'engine', 'ping');

  if (options.privileged) {
    builder.set('linux.maskedPaths', undefined, 'user', '--privileged');
    builder.set('linux.readonlyPaths', undefined, 'user', '--privileged');
  } else {
    const unmaskAll = security.unmask.includes('ALL');
    const masked = unmaskAll ? [] : MASKED_PATHS.filter((p) => !security.unmask.includes(p));
    const readonly = unmaskAll ? [] : READONLY_PATHS.filter((p) => !security.unmask.includes(p));
    const changed = security.unmask.length > 0 || security.mask.length > 0;
    const source = changed ? 'user' : 'engine';
    builder.set('linux.maskedPaths', [...masked, ...security.mask], source, 'masked paths');
    builder.set('linux.readonlyPaths', readonly, source, 'read-only paths');
  }

  if (security.noNewPrivileges) {
    builder.set('process.noNewPrivileges', true, 'user', '--security-opt no-new-privileges');
  }
}

function setNamespaces(builder: SpecBuilder, options: ContainerCreateOptions): void {
  const choices = namespaceChoices(options);
  const flags = [
    options.pid ? `--pid ${options.pid}` : '',
    options.ipc ? `--ipc ${options.ipc}` : '',
  ].filter(Boolean);
  const source = flags.length > 0 ? 'user' : 'engine';
  const origin = flags.length > 0 ? flags.join(' + ') : 'private namespaces';
  builder.set('linux.namespaces', namespaceList(choices), source, origin);

  // /dev/shm follows the IPC namespace; the namespaces' origin says why it changed.
  builder.spec.mounts = adjustShm(builder.spec.mounts, choices.ipc);
}

async function setSeccomp(builder: SpecBuilder, inputs: SpecInputs, capabilities: string[]) {
  const { security, options } = inputs;
  const value = security.seccomp;
  const profile = seccompChoice(value, options.seccompPolicy, inputs.image);

  const report = await inputs.seccomp.generate({
    profile,
    capabilities,
    privileged: options.privileged,
  });
  const fromImage = profile.kind === 'image';
  const source = fromImage ? 'image' : value || options.privileged ? 'user' : 'engine';
  const provider = inputs.seccompOrigin ?? 'seccomp provider';
  builder.set('linux.seccomp', report.seccomp, source, `${provider}: ${report.origin}`);
}

// TODO: on an AppArmor host Podman also loads and applies its own default profile; Skiff
// applies only a profile the user names.
function setApparmor(builder: SpecBuilder, { security, host }: SpecInputs): void {
  const profile = security.apparmor;
  if (profile === undefined || profile === 'unconfined') return;
  if (!host.apparmorEnabled) {
    throw new InvalidArgument(
      `apparmor profile "${profile}" specified, but Apparmor is not enabled on this system`,
    );
  }
  builder.set('process.apparmorProfile', profile, 'user', `--security-opt apparmor=${profile}`);
}

// `unconfined` wins before the policy is even read, as in Podman; the image policy takes the
// profile from the image's label and ignores a profile path.
function seccompChoice(
  value: string | undefined,
  policy: string | undefined,
  image: ImageRecord,
): SeccompProfileChoice {
  if (value === 'unconfined') return { kind: 'unconfined' };
  if (policy === 'image') {
    const json = image.config.config?.Labels?.[SECCOMP_IMAGE_LABEL];
    if (!json) throw new InvalidArgument('no seccomp policy defined by image');
    return { kind: 'image', json };
  }
  if (policy !== undefined && policy !== '' && policy !== 'default') {
    throw new InvalidArgument(
      `invalid seccomp policy "${policy}": valid policies are ["default" "image"]`,
    );
  }
  return value === undefined || value === '' ? { kind: 'default' } : { kind: 'file', path: value };
}

function setAnnotations(builder: SpecBuilder, { options, image, security }: SpecInputs): void {
  const annotations: Record<string, string> = {
    'io.container.manager': 'skiff',
    'io.podman.annotations.autoremove': options.autoRemove ? 'TRUE' : 'FALSE',
    'io.podman.annotations.privileged': options.privileged ? 'TRUE' : 'FALSE',
  };
  if (security.labelOptions.length) {
    annotations['io.podman.annotations.label'] = security.labelOptions.join(',label=');
  }
  if (security.seccomp !== undefined) {
    annotations['io.podman.annotations.seccomp'] = security.seccomp;
  }
  const stopSignal = image.config.config?.StopSignal;
  if (stopSignal) annotations['org.opencontainers.image.stopSignal'] = stopSignal;
  builder.set('annotations', annotations, 'engine', 'podman-compatible annotations');
}
