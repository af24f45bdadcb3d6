import { constants } from 'node:os';
import { join } from 'node:path';

import type { ImageRecord, OciIdMapping, OciRlimit } from '@skiff/contracts';

import type { EngineContext } from '../engine-context.js';
import { DEFAULT_CAPABILITIES, normalizeCapability } from '../spec/capabilities.js';
import { formatIdMapping } from '../spec/id-mappings.js';
import { networkModeText } from '../spec/network-mode.js';
import { parseSecurityOptions, securityOptSummary } from '../spec/security-options.js';
import { keepIdOf } from '../spec/user-namespace.js';
import type { StoredContainer } from '../state/container-store.js';
import { containerLabels } from './container-labels.js';
import { VolumePaths } from '../volume/volume-paths.js';
import { DEFAULT_STOP_TIMEOUT } from './container-control.js';
import { ContainerPaths } from './container-paths.js';
import { parseRestartPolicy } from './restart-policy.js';
import { mountReport } from './volume-mount-report.js';

const ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * inspectContainer renders a container as `podman inspect` does: the same keys, in the same
 * order, for the parts Skiff implements.
 */
export function inspectContainer(ctx: EngineContext, c: StoredContainer): Record<string, unknown> {
  const image = safeImage(ctx, c.imageId);
  const spec = c.spec;
  const security = parseSecurityOptions(c.options.securityOpt);
  const paths = new ContainerPaths(ctx.environment.root, ctx.environment.runroot);
  const runDir = paths.bundle(c.id);
  const networkMode = networkModeText(c.options.network);

  return {
    Id: c.id,
    Created: c.created,
    Path: spec.process.args[0],
    Args: spec.process.args.slice(1),
    State: inspectState(c),
    Image: c.imageId,
    ImageDigest: image?.digest ?? '',
    ImageName: c.imageName,
    Rootfs: '',
    Pod: '',
    ResolvConfPath: networkMode === 'host' ? join(runDir, 'resolv.conf') : '',
    HostnamePath: join(runDir, 'hostname'),
    HostsPath: join(runDir, 'hosts'),
    StaticDir: join(ctx.environment.root, 'containers', c.id),
    OCIConfigPath: join(runDir, 'config.json'),
    OCIRuntime: c.runtime,
    ConmonPidFile: join(runDir, 'conmon.pid'),
    PidFile: join(runDir, 'pidfile'),
    Name: c.name,
    RestartCount: c.state.restartCount ?? 0,
    Driver: '',
    MountLabel: c.mountLabel,
    ProcessLabel: c.processLabel,
    AppArmorProfile: '',
    EffectiveCaps: spec.process.capabilities?.effective ?? [],
    BoundingCaps: spec.process.capabilities?.bounding ?? [],
    Mounts: mountReport(c, new VolumePaths(ctx.environment.root)),
    NetworkSettings: NETWORK_SETTINGS,
    Config: inspectConfig(ctx, c, image),
    HostConfig: {
      LogConfig: inspectLogConfig(ctx, c, paths),
      NetworkMode: networkMode,
      RestartPolicy: inspectRestartPolicy(c),
      AutoRemove: c.options.autoRemove,
      CapAdd: c.options.capAdd.map(normalizeCapability),
      CapDrop: capDrop(spec.process.capabilities?.bounding ?? [], c.options.privileged),
      IpcMode: namespaceModeText(c.options.ipc, 'shareable'),
      PidMode: namespaceModeText(c.options.pid, 'private'),
      Privileged: c.options.privileged,
      ReadonlyRootfs: c.options.readOnly,
      SecurityOpt: securityOptSummary(security),
      ...inspectUserns(spec.linux.uidMappings, spec.linux.gidMappings),
      Runtime: 'oci',
      Ulimits: (spec.process.rlimits ?? []).map(inspectUlimit),
    },
  };
}

// A container with no network but loopback, or in the host's, has no addresses of its own.
const NETWORK_SETTINGS = {
  EndpointID: '',
  Gateway: '',
  IPAddress: '',
  IPPrefixLen: 0,
  IPv6Gateway: '',
  GlobalIPv6Address: '',
  GlobalIPv6PrefixLen: 0,
  MacAddress: '',
  Bridge: '',
  SandboxID: '',
  HairpinMode: false,
  LinkLocalIPv6Address: '',
  LinkLocalIPv6PrefixLen: 0,
  Ports: {},
  SandboxKey: '',
};

// Podman calls every user namespace of the container's own `private`, and lists its mappings.
function inspectUserns(uids?: OciIdMapping[], gids?: OciIdMapping[]): Record<string, unknown> {
  if (!uids?.length) return { UsernsMode: '' };
  return {
    UsernsMode: 'private',
    IDMappings: { UidMap: uids.map(formatIdMapping), GidMap: (gids ?? []).map(formatIdMapping) },
  };
}

// A container's labels are the image's, overridden by its own; null when it has none at all.
function inspectLabels(
  image: Record<string, string> | undefined,
  own: readonly string[] | undefined,
): Record<string, string> | null {
  const labels = { ...image, ...containerLabels(own) };
  return Object.keys(labels).length > 0 ? labels : null;
}

// A namespace of the container's own is `private` (`shareable` for IPC, which others may
// join); the other modes are shown as typed, a joined container by its full id.
function namespaceModeText(value: string | undefined, own: string): string {
  if (value === undefined || value === '' || value === 'private' || value === 'shareable') {
    return own;
  }
  return value;
}

function inspectState(c: StoredContainer): Record<string, unknown> {
  const { state } = c;
  return {
    OciVersion: c.spec.ociVersion,
    Status: state.status,
    Running: state.status === 'running',
    Paused: state.status === 'paused',
    Restarting: false,
    OOMKilled: false,
    Dead: false,
    Pid: state.pid,
    ConmonPid: state.monitorPid ?? 0,
    ExitCode: state.exitCode,
    Error: '',
    StartedAt: state.startedAt ?? ZERO_TIME,
    FinishedAt: state.finishedAt ?? ZERO_TIME,
  };
}

function inspectLogConfig(ctx: EngineContext, c: StoredContainer, paths: ContainerPaths) {
  const type = c.options.logDriver ?? ctx.config.containers.logDriver ?? 'k8s-file';
  return {
    Type: type,
    Config: null,
    Path: type === 'none' ? '' : paths.logFile(c.id),
    Tag: '',
    Size: '0B',
  };
}

function inspectRestartPolicy(c: StoredContainer) {
  const policy = parseRestartPolicy(c.options.restart);
  return { Name: c.options.restart ? policy.name : '', MaximumRetryCount: policy.maxRetries };
}

function inspectConfig(
  ctx: EngineContext,
  c: StoredContainer,
  image?: ImageRecord,
): Record<string, unknown> {
  const imageConfig = image?.config.config ?? {};
  return {
    Hostname: c.spec.hostname ?? '',
    Domainname: '',
    User: c.options.user ?? keepIdUser(c) ?? imageConfig.User ?? '',
    AttachStdin: c.options.interactive,
    AttachStdout: false,
    AttachStderr: false,
    Tty: c.options.tty,
    OpenStdin: c.options.interactive,
    StdinOnce: false,
    Env: c.spec.process.env,
    Cmd: c.options.command.length ? c.options.command : (imageConfig.Cmd ?? null),
    Image: c.imageName,
    Volumes: null,
    WorkingDir: c.spec.process.cwd,
    Entrypoint: (c.options.entrypoint ?? imageConfig.Entrypoint?.join(' ')) || '',
    OnBuild: null,
    Labels: inspectLabels(imageConfig.Labels, c.options.labels),
    Annotations: c.spec.annotations ?? {},
    StopSignal: signalNumber(c.options.stopSignal ?? imageConfig.StopSignal),
    StopTimeout: c.options.stopTimeout ?? ctx.config.engine.stopTimeout ?? DEFAULT_STOP_TIMEOUT,
    Umask: '0022',
  };
}

// Podman records the ids a keep-id container runs as as its user.
function keepIdUser(c: StoredContainer): string | undefined {
  const ids = keepIdOf(c.options.userns, c.spec.linux);
  return ids ? `${ids.uid}:${ids.gid}` : undefined;
}

/**
 * signalNumber turns an image's `StopSignal` (`SIGINT`, `INT` or `2`) into the number Podman's
 * inspect shows; without one, or with one this system does not know, it is SIGTERM's 15.
 */
function signalNumber(signal: string | undefined): number {
  if (signal === undefined) return 15;
  if (/^\d+$/.test(signal)) return Number(signal);

  const name = signal.toUpperCase();
  const signals = constants.signals as Record<string, number>;
  return signals[name.startsWith('SIG') ? name : `SIG${name}`] ?? 15;
}

// Podman lists the default capabilities a container does not have as dropped.
function capDrop(bounding: string[], privileged: boolean): string[] {
  if (privileged) return [];
  return DEFAULT_CAPABILITIES.filter((cap) => !bounding.includes(cap));
}

function inspectUlimit(limit: OciRlimit): Record<string, unknown> {
  return { Name: limit.type, Soft: limit.soft, Hard: limit.hard };
}

function safeImage(ctx: EngineContext, id: string): ImageRecord | undefined {
  try {
    return ctx.images.get(id);
  } catch {
    return undefined;
  }
}
