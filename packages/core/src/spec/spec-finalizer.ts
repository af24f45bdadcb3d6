import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ImageRecord, OciMount, OciSpec, SpecDirective } from '@skiff/contracts';
import { InvalidArgument } from '@skiff/contracts';
import createDebug from 'debug';

import type { StoredContainer } from '../state/container-store.js';
import { normalizeCapability } from './capabilities.js';
import { addKeepIdAccount, hostAccount } from './keep-id-account.js';
import { hostNetworkFiles, type HostNetworkFiles } from './network-files.js';
import { parseNetworkMode } from './network-mode.js';
import { scopedPath } from './scoped-path.js';
import { SpecBuilder } from './spec-builder.js';
import { keepIdOf } from './user-namespace.js';
import { resolveUser } from './user-resolver.js';

const debug = createDebug('skiff:core:spec');

/** FinalizeInputs is what only exists once a container is about to start. */
export interface FinalizeInputs {
  container: StoredContainer;
  image: ImageRecord;
  rootfs: string;
  /** The directory holding config.json and the files bind-mounted into the container. */
  bundle: string;
  /** The label provider's verdict: may labels be written into config.json on this host? */
  kernelEnforced: boolean;
  labelOrigin: string;
  /** The user the engine works for, outside any namespace, whose account keep-id copies. */
  owner?: { uid: number; gid: number };
  /** The host's name-resolution files for a container in its network; read when unset. */
  hostFiles?: HostNetworkFiles;
}

/**
 * finalizeSpec completes the config.json made at create with what depends on the mounted root
 * file system (the user's ids, the working directory) and on the host (labels), each start,
 * so that a restarted container gets the same labels and user as before.
 */
export function finalizeSpec(inputs: FinalizeInputs): {
  spec: OciSpec;
  provenance: SpecDirective[];
} {
  const { container, rootfs } = inputs;
  const spec = structuredClone(container.spec);
  const builder = new SpecBuilder(spec);

  builder.set(
    'root.path',
    rootfs,
    'engine',
    `container file system (${inputs.image.id.slice(0, 12)})`,
  );
  addKeepIdUser(builder, inputs);
  setUser(builder, inputs);
  checkWorkdir(spec, inputs);
  addEngineFiles(builder, inputs);
  setLabels(builder, inputs);

  const merged = mergeProvenance(container.provenance, builder.provenance());
  return { spec, provenance: merged };
}

/**
 * addKeepIdUser gives a `keep-id` container an account for the user, named as on the host,
 * so that programs that look the user up find it; its process runs as the user unless
 * `--user` says otherwise.
 */
function addKeepIdUser(builder: SpecBuilder, { container, rootfs, owner }: FinalizeInputs): void {
  const ids = keepIdOf(container.options.userns, builder.spec.linux);
  if (!ids || !owner) return;
  const account = hostAccount(owner.uid, owner.gid);
  if (!account) {
    debug('%s: no host account for uid %d; none added', container.id, owner.uid);
    return;
  }
  addKeepIdAccount(rootfs, { ...account, ...ids, home: builder.spec.process.cwd });
}

function setUser(builder: SpecBuilder, { container, image, rootfs }: FinalizeInputs): void {
  const keepId = keepIdOf(container.options.userns, builder.spec.linux);
  const text =
    container.options.user ??
    (keepId ? `${keepId.uid}:${keepId.gid}` : (image.config.config?.User ?? ''));
  const user = resolveUser(rootfs, text);
  const spec = builder.spec;

  spec.process.user = { uid: user.uid, gid: user.gid, umask: 0o022 };
  if (user.additionalGids.length) spec.process.user.additionalGids = user.additionalGids;
  if (!spec.process.env.some((e) => e.startsWith('HOME=')))
    spec.process.env.push(`HOME=${user.home}`);

  // A process that is not root starts with no effective capabilities unless they were asked
  // for, as with Podman: the bounding set still limits what setuid programs can gain. What was
  // asked for is also ambient (and so inheritable), or the user's command would lose it at exec.
  const caps = spec.process.capabilities;
  if (user.uid !== 0 && caps && !container.options.privileged) {
    const added = container.options.capAdd.map(normalizeCapability);
    const kept = caps.bounding.filter((cap) => added.includes('ALL') || added.includes(cap));
    caps.effective = kept;
    caps.permitted = kept;
    caps.inheritable = kept;
    caps.ambient = kept;
  }
}

function checkWorkdir(spec: OciSpec, { container, rootfs }: FinalizeInputs): void {
  const path = scopedPath(rootfs, spec.process.cwd);
  if (existsSync(path)) return;
  if (container.options.workdir) {
    throw new InvalidArgument(
      `workdir "${spec.process.cwd}" does not exist on container ${container.id}`,
    );
  }
  // The image named a working directory its layers lack; Podman creates it.
  mkdirSync(path, { recursive: true, mode: 0o755 });
}

function addEngineFiles(builder: SpecBuilder, inputs: FinalizeInputs): void {
  const { container, bundle } = inputs;
  const files = engineFiles(builder, inputs);

  const mounts: OciMount[] = [];
  for (const [name, content] of Object.entries(files)) {
    const source = join(bundle, name);
    writeFileSync(source, content, { mode: 0o644 });
    const destination = name === '.containerenv' ? '/run/.containerenv' : `/etc/${name}`;
    mounts.push({ destination, type: 'bind', source, options: ['bind', 'rprivate'] });
  }
  const ro = container.options.readOnly ? ['ro'] : [];
  for (const mount of mounts) mount.options = [...(mount.options ?? []), ...ro];
  builder.spec.mounts.push(...mounts);
  const names = mounts.map((m) => m.destination).join(', ');
  builder.note('mounts', 'engine', `default mounts + ${names}`);
}

/**
 * engineFiles are the files start writes into the bundle and binds into the container. One in
 * the host's network gets the host's /etc/hosts and /etc/resolv.conf, as in Podman; one with
 * a network namespace of its own has loopback alone, and so no name servers to list.
 */
function engineFiles(builder: SpecBuilder, inputs: FinalizeInputs): Record<string, string> {
  const { container } = inputs;
  const hostname = builder.spec.hostname ?? container.id.slice(0, 12);
  const files: Record<string, string> = { hostname: `${hostname}\n` };

  if (parseNetworkMode(container.options.network).kind === 'host') {
    const host = inputs.hostFiles ?? hostNetworkFiles();
    files.hosts = host.hosts;
    if (host.resolvConf !== undefined) files['resolv.conf'] = host.resolvConf;
  } else {
    files.hosts = `127.0.0.1\tlocalhost localhost.localdomain\n::1\tlocalhost localhost.localdomain\n127.0.1.1\t${hostname} ${container.name}\n`;
  }
  files['.containerenv'] =
    `engine="skiff"\nname="${container.name}"\nid="${container.id}"\nimage="${container.imageName}"\nimageid="${container.imageId}"\n`;
  return files;
}

function setLabels(builder: SpecBuilder, inputs: FinalizeInputs): void {
  const { processLabel, mountLabel } = inputs.container;
  if (!processLabel && !mountLabel) return;

  if (!inputs.kernelEnforced) {
    // runc refuses config.json with labels when the kernel has no SELinux, so they stay in the
    // engine's records (and inspect) only.
    debug(
      '%s: SELinux is not enabled on this host; labels kept out of config.json',
      inputs.container.id,
    );
    return;
  }
  const source = inputs.container.options.securityOpt.some((o) => /^label[=:]/.test(o))
    ? 'user'
    : 'engine';
  if (processLabel) builder.set('process.selinuxLabel', processLabel, source, inputs.labelOrigin);
  if (mountLabel) builder.set('linux.mountLabel', mountLabel, source, inputs.labelOrigin);
}

function mergeProvenance(created: SpecDirective[], started: SpecDirective[]): SpecDirective[] {
  const byPath = new Map(created.map((d) => [d.path, d]));
  for (const directive of started) byPath.set(directive.path, directive);
  return [...byPath.values()];
}

/**
 * serializeSpec writes config.json. RLIM_INFINITY (2^64-1) has no exact double, so it is
 * spelled out in the text; runc reads rlimits as unsigned 64-bit integers.
 */
export function serializeSpec(spec: OciSpec): string {
  return JSON.stringify(spec, null, 2).replace(/\b18446744073709552000\b/g, '18446744073709551615');
}
