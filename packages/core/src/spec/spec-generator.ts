import { hostname } from 'node:os';

import type {
  ContainerCreateOptions,
  HostFacts,
  ImageRecord,
  OciMount,
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
import { parseNetworkMode } from './network-mode.js';
import { processArgs } from './process-args.js';
import { adjustShm, namespaceChoices, namespaceList } from './shared-namespaces.js';
import { engineRlimits, mergeRlimits, parseUlimit } from './rlimits.js';
import type { SecurityOptions } from './security-options.js';
import { SpecBuilder } from './spec-builder.js';
import type { UserNamespacePlan } from './user-namespace.js';
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
  /** The engine runs for an unprivileged user, inside that user's own user namespace. */
  rootless?: boolean;
  /** The host has the unified cgroup v2 hierarchy alone at /sys/fs/cgroup. */
  cgroupV2?: boolean;
  /** The container's own user namespace, when it gets one (see planUserNamespace). */
  userNamespace?: UserNamespacePlan;
  /** The host's name, which a container in the host's network takes; os.hostname() if unset. */
  hostName?: string;
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
  setSysfs(builder, inputs);
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

function setProcess(builder: SpecBuilder, { image, options, userNamespace }: SpecInputs): void {
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
  const keepId = userNamespace?.keepId;
  if (options.user) builder.note('process.user', 'user', `--user ${options.user}`);
  else if (keepId)
    builder.note('process.user', 'user', `--userns keep-id: ${keepId.uid}:${keepId.gid}`);
  else if (runConfig.User) builder.note('process.user', 'image', `User ${runConfig.User}`);
  else builder.note('process.user', 'engine', 'root by default');
}

function setEnvironment(builder: SpecBuilder, inputs: SpecInputs): void {
  const { image, options, defaults, hostEnv } = inputs;
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
  if (!env.has('HOSTNAME')) env.set(`HOSTNAME=${containerHostname(inputs)}`);

  const byUser = options.env.length || options.envFiles.length;
  const source = byUser ? 'user' : imageEnv.length ? 'image' : 'engine';
  builder.set('process.env', env.toArray(), source, origins.join(' + '));
}

function setHostname(builder: SpecBuilder, inputs: SpecInputs): void {
  const { options, id } = inputs;
  if (options.hostname) builder.set('hostname', options.hostname, 'user', '--hostname');
  else if (parseNetworkMode(options.network).kind === 'host')
    builder.set('hostname', containerHostname(inputs), 'user', "--network host: the host's name");
  else builder.set('hostname', id.slice(0, 12), 'engine', 'short container id');
}

// Podman gives a container in the host's network the host's name unless told otherwise.
function containerHostname({ options, id, hostName }: SpecInputs): string {
  if (options.hostname) return options.hostname;
  if (parseNetworkMode(options.network).kind === 'host') return hostName ?? hostname();
  return id.slice(0, 12);
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

function setLinux(builder: SpecBuilder, inputs: SpecInputs): void {
  const { options, security } = inputs;
  setNamespaces(builder, inputs);
  setCgroups(builder, inputs);
  if (parseNetworkMode(options.network).kind === 'host') {
    // runc refuses a namespaced net sysctl when the container has no network namespace.
    builder.set('linux.sysctl', undefined, 'user', '--network host: no sysctl without a netns');
  } else builder.set('linux.sysctl', { 'net.ipv4.ping_group_range': '0 0' }, 'engine', 'ping');

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

/**
 * setCgroups puts the container in a cgroup of its own with the engine's limits. A rootless
 * engine has no cgroup it may write to with the cgroupfs manager (on cgroup v1 none can be
 * delegated at all), so runc is given no cgroup path and no resources, as rootless Podman does.
 */
function setCgroups(builder: SpecBuilder, { id, defaults, rootless, cgroupV2 }: SpecInputs): void {
  if (rootless) {
    const why = cgroupV2
      ? 'rootless: no cgroups with cgroupfs'
      : 'rootless: no cgroups on cgroup v1';
    builder.set('linux.cgroupsPath', undefined, 'engine', why);
    builder.set('linux.resources', {}, 'engine', why);
    return;
  }
  builder.set('linux.cgroupsPath', `/skiff_parent/skiff-${id}`, 'engine', 'cgroupfs manager');
  builder.set(
    'linux.resources',
    { devices: [{ allow: false, access: 'rwm' }], pids: { limit: defaults.pidsLimit ?? 2048 } },
    'engine',
    'pids_limit and device policy',
  );
}

function setNamespaces(builder: SpecBuilder, { options, userNamespace }: SpecInputs): void {
  const choices = namespaceChoices(options);
  const hostNetwork = parseNetworkMode(options.network).kind === 'host';
  const flags = [
    options.pid ? `--pid ${options.pid}` : '',
    options.ipc ? `--ipc ${options.ipc}` : '',
    options.network ? `--network ${options.network}` : '',
    userNamespace ? userNamespace.origin : '',
  ].filter(Boolean);
  const source = flags.length > 0 ? 'user' : 'engine';
  const origin = flags.length > 0 ? flags.join(' + ') : 'private namespaces';

  const list = namespaceList(choices).filter((ns) => !(hostNetwork && ns.type === 'network'));
  if (userNamespace) list.push({ type: 'user' });
  builder.set('linux.namespaces', list, source, origin);
  // /dev/shm follows the IPC namespace; the namespaces' origin says why it changed.
  builder.spec.mounts = adjustShm(builder.spec.mounts, choices.ipc);

  if (!userNamespace) return;
  builder.set('linux.uidMappings', userNamespace.uidMappings, 'user', userNamespace.origin);
  builder.set('linux.gidMappings', userNamespace.gidMappings, 'user', userNamespace.origin);
}

/**
 * setSysfs handles a container in a user namespace with no network namespace of its own: the
 * kernel lets only the owner of the network namespace mount sysfs, and the cgroup file system
 * with it, so /sys is bound from the host instead, read-only unless privileged, and a
 * rootless one also has /sys/kernel masked, as Podman does.
 */
function setSysfs(builder: SpecBuilder, inputs: SpecInputs): void {
  const { options, rootless, userNamespace } = inputs;
  if (parseNetworkMode(options.network).kind !== 'host') return;
  if (!rootless && !userNamespace) return;

  const why = rootless ? 'rootless' : userNamespace?.origin;
  const origin = `--network host + ${why}: sysfs needs a network namespace`;
  const spec = builder.spec;
  spec.mounts = spec.mounts
    .filter((m) => m.destination !== '/sys/fs/cgroup')
    .map((m) => (m.destination === '/sys' ? sysBind(options.privileged) : m));
  builder.note('mounts[/sys]', 'user', `${origin}: /sys bound from the host`);
  builder.note('mounts[/sys/fs/cgroup]', 'user', `${origin}: no cgroup file system`);

  if (rootless && !options.privileged && spec.linux.maskedPaths) {
    const masked = ['/sys/kernel', ...spec.linux.maskedPaths];
    builder.set('linux.maskedPaths', masked, 'user', `${origin}: /sys/kernel masked`);
  }
}

function sysBind(privileged: boolean): OciMount {
  const options = ['rprivate', 'nosuid', 'noexec', 'nodev', privileged ? 'rw' : 'ro', 'rbind'];
  return { destination: '/sys', type: 'bind', source: '/sys', options };
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
