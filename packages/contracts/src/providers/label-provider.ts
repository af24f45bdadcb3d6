/**
 * LabelAllocateOptions asks for a container's SELinux labels. `options` are the values of the
 * user's `--security-opt label=...` flags, in order (`disable`, `type:spc_t`, `level:s0:c1,c2`).
 */
export interface LabelAllocateOptions {
  /** The container id that will own any reserved level. */
  owner: string;
  options: readonly string[];
  /**
   * What the container's first process is: an ordinary program (the default), an init system
   * (`--systemd`), which gets the contexts file's init type, or a virtual machine monitor (a
   * KVM-based runtime), which gets its kvm type. An explicit `type:` option wins over both.
   */
  processKind?: 'container' | 'init' | 'kvm';
}

/** LabelReport is a container's process and mount label; empty strings when unlabelled. */
export interface LabelReport {
  processLabel: string;
  mountLabel: string;
}

/** RelabelOptions asks for a tree to be given a file label, as `-v SRC:DST:z|Z` does. */
export interface RelabelOptions {
  path: string;
  mountLabel: string;
  /** `z`: the label at level `s0`, shared by all containers; `Z` (false): private. */
  shared: boolean;
}

/**
 * LabelProvider owns SELinux labels: choosing a container's process and mount labels
 * (including its unique MCS level), holding the reservation for that level, releasing it, and
 * relabelling paths. Core decides when labels are needed: it allocates at create and releases
 * at removal.
 */
export interface LabelProvider {
  /** Whether labels this provider allocates may be written into config.json on this host. */
  readonly kernelEnforced: boolean;
  /** Allocates labels for a new container and reserves its level; throws InvalidArgument. */
  allocate(options: LabelAllocateOptions): Promise<LabelReport>;
  /** Releases whatever `owner` holds; a no-op when it holds nothing. */
  release(owner: string): Promise<void>;
  /** Gives `path` and everything under it the file label, without following symlinks. */
  relabel(options: RelabelOptions): Promise<void>;
  /**
   * fileLabel reads the file label `path` itself carries (not following a symbolic link), or
   * `''` when it has none; core compares it with a mount label to skip relabelling a tree
   * that a previous start already labelled. Optional: without it, core always relabels.
   */
  fileLabel?(path: string): Promise<string>;
}

/** LabelProvider is also the DI token of the role. */
export const LabelProvider = Symbol.for('skiff.LabelProvider');

/**
 * LabelReservations is the engine's persistent record of which MCS levels are held and by
 * whom. Core implements it on its database, so reservations hold across processes and restarts
 * and two concurrent creates can never take the same level.
 */
export interface LabelReservations {
  /** Reserves `level` for `owner` only if nobody holds it; returns whether it did. */
  tryReserve(level: string, owner: string): boolean;
  /** Records that `owner` uses `level` that the user chose; sharing such a level is allowed. */
  reserveShared(level: string, owner: string): void;
  /** Drops every level `owner` holds. */
  release(owner: string): void;
  /** Every level currently held, for diagnostics. */
  levels(): string[];
}

/** LabelReservations is also the DI token of the reservation store. */
export const LabelReservations = Symbol.for('skiff.LabelReservations');
