import { readFileSync, statfsSync } from 'node:fs';
import { availableParallelism, freemem, hostname, release, totalmem } from 'node:os';

import type { EngineContext } from '../engine-context.js';
import { DEFAULT_CAPABILITIES } from '../spec/capabilities.js';
import { binaryVersion, firstExecutable } from './binary-version.js';
import { parseIdMap } from '../rootless/namespace-mapping.js';
import type { HostInfo, IdMapInfo, SecurityInfo } from './info-report.js';

const CGROUP2_MAGIC = 0x63677270;

/** HostProbes are what host info learns from providers, which the collector asks. */
export interface HostProbes {
  runtime: { name: string; path: string };
  seccompProfilePath: string;
}

/** hostInfo gathers the `host` section: the machine, its kernel, conmon and the OCI runtime. */
export async function hostInfo(ctx: EngineContext, probes: HostProbes): Promise<HostInfo> {
  const conmonPath = firstExecutable(ctx.environment.conmonPaths);
  const [conmonVersion, runtimeVersion] = await Promise.all([
    binaryVersion(conmonPath),
    binaryVersion(probes.runtime.path),
  ]);
  const swap = swapBytes();

  return {
    arch: ctx.host.arch,
    // runc is never asked to use systemd's cgroup driver.
    cgroupManager: 'cgroupfs',
    cgroupVersion: cgroupVersion(),
    // Podman prints conmon's two lines of --version as one.
    conmon: { path: conmonPath, version: conmonVersion.split('\n').join(', ') },
    cpus: availableParallelism(),
    distribution: distribution(),
    eventLogger: 'file',
    hostname: hostname(),
    ...(ctx.environment.rootless ? { idMappings: idMappings() } : {}),
    kernel: release(),
    logDriver: ctx.config.containers.logDriver ?? 'k8s-file',
    memFree: freemem(),
    memTotal: totalmem(),
    ociRuntime: { ...probes.runtime, version: runtimeVersion },
    os: process.platform,
    security: security(ctx, probes.seccompProfilePath),
    swapFree: swap.free,
    swapTotal: swap.total,
  };
}

function security(ctx: EngineContext, seccompProfilePath: string): SecurityInfo {
  const capabilities = ctx.config.containers.defaultCapabilities ?? DEFAULT_CAPABILITIES;
  const rootless = ctx.environment.rootless;
  return {
    // AppArmor profiles can be loaded only by root, so Podman reports it off when rootless.
    apparmorEnabled: !rootless && readText('/sys/module/apparmor/parameters/enabled') === 'Y',
    capabilities: capabilities.join(','),
    rootless,
    // The Seccomp line exists only in a kernel built with seccomp.
    seccompEnabled: /^Seccomp:/m.test(readText('/proc/self/status')),
    seccompProfilePath,
    selinuxEnabled: ctx.host.selinuxEnabled,
  };
}

// Inside the rootless namespace, this process's maps are the namespace's.
function idMappings(): { gidmap: IdMapInfo[]; uidmap: IdMapInfo[] } {
  const read = (file: string) =>
    parseIdMap(readText(file)).map((m) => ({
      container_id: m.containerID,
      host_id: m.hostID,
      size: m.size,
    }));
  return { gidmap: read('/proc/self/gid_map'), uidmap: read('/proc/self/uid_map') };
}

function cgroupVersion(): string {
  try {
    return Number(statfsSync('/sys/fs/cgroup').type) === CGROUP2_MAGIC ? 'v2' : 'v1';
  } catch {
    return 'v1';
  }
}

function distribution(): HostInfo['distribution'] {
  const fields = new Map<string, string>();
  for (const line of readText('/etc/os-release').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match) fields.set(match[1], match[2].replace(/^"(.*)"$/, '$1'));
  }

  const result: HostInfo['distribution'] = {
    distribution: fields.get('ID') ?? 'unknown',
    version: fields.get('VERSION_ID') ?? 'unknown',
  };
  const codename = fields.get('VERSION_CODENAME');
  if (codename) result.codename = codename;
  return result;
}

function swapBytes(): { free: number; total: number } {
  const meminfo = readText('/proc/meminfo');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1]);
  return { free: (kib('SwapFree') || 0) * 1024, total: (kib('SwapTotal') || 0) * 1024 };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}
