import { existsSync } from 'node:fs';
import { basename } from 'node:path';

import type {
  ContainerCreateOptions,
  ImageRecord,
  LabelAllocateOptions,
  LabelReport,
} from '@skiff/contracts';
import { InvalidArgument, NameInUse, SkiffError } from '@skiff/contracts';
import createDebug from 'debug';

import type { EngineContext } from '../engine-context.js';
import { ImageService } from '../image/image-service.js';
import { rootlessIdentity } from '../rootless/rootless-identity.js';
import { readIdMap } from '../spec/id-mappings.js';
import { sharingLabelOptions } from '../spec/label-sharing.js';
import { parseNamespaceMode, sharedContainer } from '../spec/namespace-modes.js';
import { parseSecurityOptions, type SecurityOptions } from '../spec/security-options.js';
import { generateSpec } from '../spec/spec-generator.js';
import { parseNetworkMode } from '../spec/network-mode.js';
import { checkSystemdOption, runsSystemd } from '../spec/systemd-mode.js';
import { planUserNamespace, type EngineNamespace } from '../spec/user-namespace.js';
import type { StoredContainer } from '../state/container-store.js';
import { withWriteLock } from '../state/database.js';
import { newContainerId, newContainerName } from '../state/name-generator.js';
import { VolumePaths } from '../volume/volume-paths.js';
import { VolumeService } from '../volume/volume-service.js';
import { containerEvent } from './container-events.js';
import { containerLabels } from './container-labels.js';
import { checkLogOptions } from './log-options.js';
import { checkRestartPolicy } from './restart-policy.js';
import { parseSignal } from './signals.js';

const debug = createDebug('skiff:core:container');

// Runtimes that start each container in a virtual machine, as containers.conf's
// `runtime_supports_kvm` lists them by default.
const KVM_RUNTIMES = new Set(['kata', 'kata-runtime', 'kata-qemu', 'kata-fc', 'krun']);

const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * ContainerCreator turns create options into a stored container. Everything that can fail on
 * bad input is checked before anything is written; the name and the label reservation are
 * taken in one database transaction with the container row, so a failure leaves no trace.
 */
export class ContainerCreator {
  constructor(private readonly ctx: EngineContext) {}

  async create(options: ContainerCreateOptions): Promise<StoredContainer> {
    if (options.name !== undefined && !NAME_PATTERN.test(options.name)) {
      throw new InvalidArgument('names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*');
    }
    const security = parseSecurityOptions(options.securityOpt);
    options = this.resolveSharedNamespaces(options);
    options = withResolvedLabels(options);
    parseNetworkMode(options.network);
    const userNamespace = planUserNamespace(options, this.engineNamespace());
    checkSystemdOption(options.systemd);
    checkRestartPolicy(options.restart, options.autoRemove);
    checkLogOptions(options.logDriver, options.logOpts);
    if (options.stopSignal !== undefined) parseSignal(options.stopSignal);
    const image = await new ImageService(this.ctx).resolve(options.image);
    const runtime = await this.locateRuntime(options.runtime);

    const id = newContainerId();
    const generated = await generateSpec({
      id,
      image,
      options,
      security,
      defaults: this.ctx.config.containers,
      host: this.ctx.host,
      hostEnv: this.ctx.hostEnv,
      seccomp: await this.ctx.seccompProvider(),
      seccompOrigin: this.ctx.registry.originOf('seccomp'),
      volumesDir: new VolumePaths(this.ctx.environment.root).directory(),
      rootless: this.ctx.environment.rootless,
      // Only the unified hierarchy has this file at its top; v1 and hybrid hosts do not.
      cgroupV2: existsSync('/sys/fs/cgroup/cgroup.controllers'),
      userNamespace,
    });

    const record: StoredContainer = {
      id,
      name: options.name ?? '',
      imageId: image.id,
      imageName: displayName(image, options.image),
      created: new Date().toISOString(),
      command: generated.spec.process.args,
      options,
      spec: generated.spec,
      provenance: generated.provenance,
      processLabel: '',
      mountLabel: '',
      runtime,
      state: { status: 'created', exitCode: 0, pid: 0 },
    };
    await this.persist(record, {
      owner: id,
      options: this.labelOptions(options, security),
      processKind: this.processKind(options, generated.spec.process.args, runtime),
    });
    containerEvent(this.ctx, 'create', record);
    debug('created %s (%s)', record.id, record.name);
    return record;
  }

  /** engineNamespace is the user namespace this engine runs in, onto which containers map. */
  private engineNamespace(): EngineNamespace {
    const identity = rootlessIdentity(this.ctx.hostEnv);
    return {
      rootless: this.ctx.environment.rootless,
      user: { uid: identity.uid, gid: identity.gid },
      uidMap: readIdMap('/proc/self/uid_map'),
      gidMap: readIdMap('/proc/self/gid_map'),
    };
  }

  private async locateRuntime(requested: string | undefined): Promise<string> {
    const provider = await this.ctx.runtimeProvider();
    const runtime = await provider.locate(requested ?? this.ctx.environment.ociRuntime.name);
    return runtime.name;
  }

  /**
   * resolveSharedNamespaces checks `--pid` and `--ipc`, and records a container they join by
   * its full id, so that a later rename or a new container with a similar prefix cannot change
   * which one is meant.
   */
  private resolveSharedNamespaces(options: ContainerCreateOptions): ContainerCreateOptions {
    const resolved = { ...options };
    for (const kind of ['pid', 'ipc'] as const) {
      const mode = parseNamespaceMode(kind, options[kind]);
      if (mode.kind !== 'container') continue;
      try {
        resolved[kind] = `container:${this.ctx.containers.resolve(mode.target).id}`;
      } catch (error) {
        throw SkiffError.wrap(`looking up container to share ${kind} namespace with`, error);
      }
    }
    return resolved;
  }

  /**
   * labelOptions are the label options Podman implies when the user gave none of their own:
   * none at all for a privileged container or with `label = false` in containers.conf; for a
   * container that joins the host's PID or IPC namespace, none either; for one that joins
   * another container's, that container's label.
   */
  private labelOptions(options: ContainerCreateOptions, security: SecurityOptions): string[] {
    if (security.labelOptions.length > 0) return security.labelOptions;
    if (options.privileged || this.ctx.config.containers.label === false) return ['disable'];

    const implied: string[] = [];
    for (const value of [options.pid, options.ipc]) {
      const shared = sharedContainer(value);
      if (value === 'host') implied.push('disable');
      else if (shared)
        implied.push(...sharingLabelOptions(this.ctx.containers.resolve(shared).processLabel));
    }
    return implied;
  }

  // A systemd container runs its init with the contexts file's init type, a VM-based runtime
  // its kvm type; the label provider knows the types.
  private processKind(
    options: ContainerCreateOptions,
    args: readonly string[],
    runtime: string,
  ): LabelAllocateOptions['processKind'] {
    if (KVM_RUNTIMES.has(basename(runtime))) return 'kvm';
    return runsSystemd(options.systemd, args) ? 'init' : 'container';
  }

  private async persist(record: StoredContainer, request: LabelAllocateOptions): Promise<void> {
    const labels = await this.ctx.labelProvider();
    const store = this.ctx.containers;

    await withWriteLock(this.ctx.db, async () => {
      record.name ||= this.freeName();
      let report: LabelReport;
      try {
        report = await labels.allocate(request);
      } catch (error) {
        throw SkiffError.wrap('creating container storage', error);
      }
      record.processLabel = report.processLabel;
      record.mountLabel = report.mountLabel;
      try {
        store.insert(record);
      } catch (error) {
        if (SkiffError.is(error) && error.code === 'NameInUse') {
          throw SkiffError.wrap('creating container storage', error);
        }
        throw error;
      }
      await new VolumeService(this.ctx).createMissing(record);
    });
  }

  private freeName(): string {
    const taken = this.ctx.db.prepare('SELECT 1 FROM containers WHERE name = ?');
    for (let attempt = 0; attempt < 100; attempt++) {
      const name = newContainerName();
      if (!taken.get(name)) return name;
    }
    throw new NameInUse('generated name', 'other containers');
  }
}

// Label files are read once, at create, as Podman reads them: the container keeps the labels,
// not the files, which may change or vanish afterwards.
function withResolvedLabels(options: ContainerCreateOptions): ContainerCreateOptions {
  if (!options.labels?.length && !options.labelFiles?.length) return options;
  const labels = containerLabels(options.labels, options.labelFiles);
  const entries = Object.entries(labels).map(([key, value]) => `${key}=${value}`);
  return { ...options, labels: entries, labelFiles: [] };
}

function displayName(image: ImageRecord, typed: string): string {
  return (
    image.names.find((name) => name.endsWith(`/${typed}`) || name === typed) ??
    image.names[0] ??
    image.id
  );
}
