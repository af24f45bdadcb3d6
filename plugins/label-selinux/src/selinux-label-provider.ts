import { ConfigError, HostFacts, InvalidArgument, LabelReservations } from '@skiff/contracts';
import type {
  LabelAllocateOptions,
  LabelProvider,
  LabelReport,
  RelabelOptions,
} from '@skiff/contracts';
import createDebug from 'debug';
import { inject, injectable } from 'tsyringe';

import { applyLabelOptions } from './apply-label-options.js';
import type { LabelPair } from './apply-label-options.js';
import { ContextsFile } from './contexts-file.js';
import type { ContextsFileLocations } from './contexts-file.js';
import { McsLevels } from './mcs-levels.js';
import { RelabelPolicy } from './relabel-policy.js';
import { SelinuxContext } from './selinux-context.js';
import { SelinuxXattr } from './selinux-xattr.js';
import { TreeRelabeler } from './tree-relabeler.js';

const debug = createDebug('skiff:label-selinux:allocate');

/**
 * SelinuxLabelProvider gives containers sVirt labels the way Podman 4.3.1 does: the contexts
 * file's process and file labels with a unique MCS level, shaped by `label=` options, and
 * relabels volumes for `:z` / `:Z`.
 *
 * It allocates, reserves and relabels even on a host without SELinux (root can still set the
 * `security.selinux` attribute); `kernelEnforced` then tells core to keep the labels out of
 * config.json, since runc refuses them there.
 */
@injectable()
export class SelinuxLabelProvider implements LabelProvider {
  readonly kernelEnforced: boolean;
  private contextsFile: Promise<ContextsFile> | undefined;

  constructor(
    @inject(LabelReservations) private readonly reservations: LabelReservations,
    @inject(HostFacts) host: HostFacts,
  ) {
    this.kernelEnforced = host.selinuxEnabled;
  }

  /**
   * allocate follows go-selinux v1.10.2's InitLabels: a fresh level is reserved first, then the
   * options are applied; `disable` and any error give the fresh level back. An init or KVM
   * `processKind` then takes the contexts file's type for it, as Podman does at spec time.
   */
  async allocate(request: LabelAllocateOptions): Promise<LabelReport> {
    const contexts = await this.contexts();
    if (!contexts.process || !contexts.file) {
      return { processLabel: '', mountLabel: contexts.file };
    }

    const fresh = this.reserveFresh(request.owner, this.baseLabels(contexts));
    try {
      return this.shape(request, fresh, contexts);
    } catch (error) {
      this.reservations.release(request.owner);
      throw error;
    }
  }

  /** release gives back every level `owner` holds. */
  async release(owner: string): Promise<void> {
    this.reservations.release(owner);
  }

  /**
   * relabel follows go-selinux v1.10.2's Relabel, in its order: an empty label does nothing
   * (before any check), refused host paths are errors, `shared` moves the label to level `s0`,
   * and only then is an empty path an error.
   *
   * A file system that cannot hold labels (ENOTSUP) fails as StorageError rather than being
   * skipped here: Podman skips it at its own call sites, and that choice belongs to core.
   */
  async relabel({ path, mountLabel, shared }: RelabelOptions): Promise<void> {
    if (mountLabel === '') return;

    const policy = await this.relabelPolicy();
    const target = policy.check(path);
    const label = shared ? SelinuxContext.parse(mountLabel).with({ level: 's0' }) : mountLabel;
    if (target === '') throw new InvalidArgument('empty path');

    await new TreeRelabeler().relabel(target, label.toString());
  }

  /** fileLabel reads the `security.selinux` attribute of `path` itself; `''` when it has none. */
  async fileLabel(path: string): Promise<string> {
    return (await new SelinuxXattr().read(path)) ?? '';
  }

  /** contextsLocations says where the contexts file is looked for; tests point it elsewhere. */
  protected contextsLocations(): ContextsFileLocations {
    return ContextsFile.LOCATIONS;
  }

  /** categoryRange is how many MCS categories levels are drawn from; tests lower it. */
  protected categoryRange(): number {
    return McsLevels.CATEGORY_RANGE;
  }

  /** relabelPolicy decides which paths are refused; read from the environment on each call. */
  protected relabelPolicy(): Promise<RelabelPolicy> {
    return RelabelPolicy.fromEnvironment();
  }

  // Read once, like go-selinux, which reads the file once per process.
  private contexts(): Promise<ContextsFile> {
    this.contextsFile ??= ContextsFile.load(this.contextsLocations());
    return this.contextsFile;
  }

  private baseLabels(contexts: ContextsFile): LabelPair {
    return {
      process: this.parseContextsLabel(contexts.process, contexts),
      mount: this.parseContextsLabel(contexts.file, contexts),
    };
  }

  private parseContextsLabel(label: string, contexts: ContextsFile): SelinuxContext {
    try {
      return SelinuxContext.parse(label);
    } catch (error) {
      throw new ConfigError(`reading the container labels of ${contexts.source}`, { cause: error });
    }
  }

  // A policy without MLS has no level in its process label; then nothing is reserved.
  private reserveFresh(owner: string, base: LabelPair): LabelPair {
    if (!base.process.level) return base;

    const level = new McsLevels(this.reservations, this.categoryRange()).reserve(owner);
    return { process: base.process.with({ level }), mount: base.mount.with({ level }) };
  }

  private shape(
    { owner, options, processKind }: LabelAllocateOptions,
    fresh: LabelPair,
    contexts: ContextsFile,
  ): LabelReport {
    const outcome = applyLabelOptions(fresh, options);
    if (outcome.disable) {
      this.reservations.release(owner);
      return { processLabel: '', mountLabel: contexts.privilegedMountLabel };
    }

    this.settleLevel(owner, fresh.process.level, outcome.process.level);
    const process = this.typeForKind(outcome.process, processKind, options, contexts);

    const report = { processLabel: `${process}`, mountLabel: `${outcome.mount}` };
    debug('%s: process %s, mount %s', owner, report.processLabel, report.mountLabel);
    return report;
  }

  // A level the user chose may be shared (pods, `--ipc container:X`), so it is recorded
  // without claiming it exclusively, and the drawn one goes back to the pool.
  private settleLevel(owner: string, drawn: string, chosen: string): void {
    if (chosen === drawn) return;

    this.reservations.release(owner);
    if (chosen) this.reservations.reserveShared(chosen, owner);
  }

  // Podman keeps the type when its label annotation contains `type:` anywhere. That is a
  // substring test, so `filetype:` keeps it too, and so it is here.
  private typeForKind(
    process: SelinuxContext,
    kind: LabelAllocateOptions['processKind'],
    options: readonly string[],
    contexts: ContextsFile,
  ): SelinuxContext {
    if (kind === undefined || kind === 'container') return process;
    if (options.some((option) => option.includes('type:'))) return process;

    const { type } = this.parseContextsLabel(contexts.processLabelOf(kind), contexts);
    return process.with({ type });
  }
}
