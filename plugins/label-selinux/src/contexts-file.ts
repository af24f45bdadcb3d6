import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { LabelAllocateOptions } from '@skiff/contracts';
import createDebug from 'debug';

import { McsLevels } from './mcs-levels.js';
import { SelinuxContext } from './selinux-context.js';

const debug = createDebug('skiff:label-selinux:contexts');

type ProcessKind = NonNullable<LabelAllocateOptions['processKind']>;

/** ContextsFileLocations says where to look for the container contexts file. */
export interface ContextsFileLocations {
  /** container-selinux's own file, tried first. */
  containersPath: string;
  /** The SELinux configuration directory, holding `config` and one directory per policy. */
  selinuxDir: string;
}

// container-selinux's container_contexts, used when the host ships no contexts file at all.
const BUILTIN_ENTRIES: ReadonlyArray<[string, string]> = [
  ['process', 'system_u:system_r:container_t:s0'],
  ['file', 'system_u:object_r:container_file_t:s0'],
  ['ro_file', 'system_u:object_r:container_ro_file_t:s0'],
  ['kvm_process', 'system_u:system_r:container_kvm_t:s0'],
  ['init_process', 'system_u:system_r:container_init_t:s0'],
  ['engine_process', 'system_u:system_r:container_engine_t:s0'],
];

/**
 * ContextsFile is the host's container contexts file: the base labels a container's process
 * and files get before their MCS level is chosen. It owns finding the file, its KEY=value
 * grammar, the fallbacks between keys, and the privileged mount label derived from `file`.
 */
export class ContextsFile {
  /** LOCATIONS are the places Podman looks: container-selinux first, then the policy's. */
  static readonly LOCATIONS: ContextsFileLocations = {
    containersPath: '/usr/share/containers/selinux/contexts',
    selinuxDir: '/etc/selinux',
  };

  /** source is the path the labels came from, or `built-in` for container-selinux defaults. */
  readonly source: string;
  private readonly entries: ReadonlyMap<string, string>;

  private constructor(entries: ReadonlyMap<string, string>, source: string) {
    this.entries = entries;
    this.source = source;
  }

  /** parse reads the text of a contexts file. */
  static parse(text: string, source: string): ContextsFile {
    return new ContextsFile(ContextsFile.parseEntries(text), source);
  }

  /** builtin returns the labels container-selinux ships. */
  static builtin(): ContextsFile {
    return new ContextsFile(new Map(BUILTIN_ENTRIES), 'built-in');
  }

  /**
   * parseEntries applies the grammar go-selinux uses for both the contexts file and SELinux's
   * `config`: trimmed lines, `;` or `#` comments, split at the first `=`, quotes stripped from
   * the value, lines without `=` ignored, a repeated key overriding the earlier one.
   */
  static parseEntries(text: string): Map<string, string> {
    const entries = new Map<string, string>();

    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;

      const equals = line.indexOf('=');
      if (equals < 0) continue;

      const key = line.slice(0, equals).trim();
      const value = line.slice(equals + 1).trim();
      entries.set(key, value.replace(/^"+|"+$/g, ''));
    }
    return entries;
  }

  /**
   * load reads the first contexts file that opens. Where neither exists (a host without
   * SELinux), it falls back to container-selinux's defaults so that forcing this provider
   * still gives Podman's labels; go-selinux would give no labels at all there.
   */
  static async load(locations = ContextsFile.LOCATIONS): Promise<ContextsFile> {
    for (const path of await ContextsFile.candidates(locations)) {
      const text = await readText(path);
      if (text === undefined) continue;

      debug('read container contexts from %s', path);
      return ContextsFile.parse(text, path);
    }

    debug('no container contexts file, using container-selinux defaults');
    return ContextsFile.builtin();
  }

  /** candidates lists the paths load tries, in order. */
  static async candidates(locations = ContextsFile.LOCATIONS): Promise<string[]> {
    const config = await readText(join(locations.selinuxDir, 'config'));
    const policy = config === undefined ? '' : ContextsFile.parseEntries(config).get('SELINUXTYPE');
    const policyRoot = join(locations.selinuxDir, policy ?? '');

    return [locations.containersPath, join(policyRoot, 'contexts', 'lxc_contexts')];
  }

  /** get returns a raw entry, `engine_process` and `sandbox_*` included. */
  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  /** process is the label of a container's processes; empty when the file has none. */
  get process(): string {
    return this.get('process') ?? '';
  }

  /** file is the label of a container's files; empty when the file has none. */
  get file(): string {
    return this.get('file') ?? '';
  }

  /** roFile labels read-only content; it falls back to `file`. */
  get roFile(): string {
    return this.get('ro_file') || this.file;
  }

  /** initProcess is the process label of systemd-mode containers; it falls back to `process`. */
  get initProcess(): string {
    return this.get('init_process') || this.process;
  }

  /** kvmProcess is the process label under a KVM runtime; it falls back to `process`. */
  get kvmProcess(): string {
    return this.get('kvm_process') || this.process;
  }

  /**
   * processLabelOf is the process label for a kind of first process: `initProcess` for an init
   * system, `kvmProcess` under a KVM runtime, `process` otherwise.
   */
  processLabelOf(kind: ProcessKind): string {
    if (kind === 'init') return this.initProcess;
    if (kind === 'kvm') return this.kvmProcess;
    return this.process;
  }

  /**
   * privilegedMountLabel is the `file` label at the privileged level; empty when `file` is
   * missing or not a label.
   */
  get privilegedMountLabel(): string {
    let file: SelinuxContext;
    try {
      file = SelinuxContext.parse(this.file);
    } catch {
      return '';
    }
    return file.isEmpty ? '' : file.with({ level: McsLevels.PRIVILEGED_LEVEL }).toString();
  }
}

// Any failure to open means "not here", as go-selinux treats it, so the next place is tried.
async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    debug('cannot read %s: %s', path, (error as NodeJS.ErrnoException).code);
    return undefined;
  }
}
