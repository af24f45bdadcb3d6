import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { OciSpec, SpecDirective } from '@skiff/contracts';
import createDebug from 'debug';

import type { EngineContext } from '../engine-context.js';
import { parseSecurityOptions } from '../spec/security-options.js';
import type { StoredContainer } from '../state/container-store.js';
import { ContainerPaths } from './container-paths.js';
import { refreshState } from './container-states.js';
import { readRunningSpec } from './running-spec.js';

const debug = createDebug('skiff:core:explain');

/**
 * ExplainPhase says which config.json an explanation shows: `bundle` is the file the runtime
 * was given at the last start, `create` the spec made at create, before start completed it.
 */
export type ExplainPhase = 'bundle' | 'create';

/** ExplainedDirective is a recorded directive, with whether the config.json shown holds it. */
export interface ExplainedDirective extends SpecDirective {
  written: boolean;
  /** Why the directive is not in the config.json shown, or what start adds to it. */
  note?: string;
}

/** ContainerExplanation is a container's config.json with the bucket behind each directive. */
export interface ContainerExplanation {
  id: string;
  name: string;
  status: string;
  runtime: string;
  phase: ExplainPhase;
  /** The bundle's config.json, when `phase` is `bundle`. */
  configPath?: string;
  config: OciSpec;
  directives: ExplainedDirective[];
}

// What start fills in that the spec made at create holds only as a placeholder, if at all.
const SET_AT_START = new Set([
  'root.path',
  'process.user',
  'process.selinuxLabel',
  'linux.mountLabel',
]);

const LABEL_PATHS = {
  processLabel: 'process.selinuxLabel',
  mountLabel: 'linux.mountLabel',
} as const;

interface ShownConfig {
  phase: ExplainPhase;
  config: OciSpec;
  configPath?: string;
}

/**
 * ContainerExplainer pairs a container's config.json with its recorded provenance. It shows
 * the file the runtime was given while the bundle exists (running, or exited and not yet
 * cleaned up); otherwise the spec made at create, since completing it would mean mounting the
 * root file system and writing the engine's files, which only a start may do.
 */
export class ContainerExplainer {
  private readonly paths: ContainerPaths;

  constructor(private readonly ctx: EngineContext) {
    this.paths = new ContainerPaths(ctx.environment.root, ctx.environment.runroot);
  }

  async explain(container: StoredContainer): Promise<ContainerExplanation> {
    await refreshState(this.ctx, container);
    const shown = this.configShown(container);

    const directives = container.provenance.map((directive) => explainDirective(directive, shown));
    directives.push(...(await this.unwrittenLabels(container, shown, directives)));

    return {
      id: container.id,
      name: container.name,
      status: container.state.status,
      runtime: container.runtime,
      ...shown,
      directives,
    };
  }

  private configShown(container: StoredContainer): ShownConfig {
    const configPath = join(this.paths.bundle(container.id), 'config.json');
    const created: ShownConfig = { phase: 'create', config: container.spec };
    if (!existsSync(configPath)) return created;
    try {
      return { phase: 'bundle', configPath, config: readRunningSpec(this.paths, container.id) };
    } catch (error) {
      // The container's clean-up may have removed its bundle since the check.
      if (existsSync(configPath)) throw error;
      return created;
    }
  }

  /**
   * unwrittenLabels records the labels the label provider allocated that config.json lacks:
   * start leaves them out when the kernel has no SELinux, and records nothing then.
   */
  private async unwrittenLabels(
    container: StoredContainer,
    shown: ShownConfig,
    recorded: ExplainedDirective[],
  ): Promise<ExplainedDirective[]> {
    const missing = (Object.keys(LABEL_PATHS) as (keyof typeof LABEL_PATHS)[]).filter(
      (key) => container[key] !== '' && !recorded.some((d) => d.path === LABEL_PATHS[key]),
    );
    if (missing.length === 0) return [];

    const byUser = parseSecurityOptions(container.options.securityOpt).labelOptions.length > 0;
    const note = await this.labelNote(shown.phase);
    const origin = this.ctx.registry.originOf('label');
    return missing.map((key) => ({
      path: LABEL_PATHS[key],
      source: byUser ? 'user' : 'engine',
      origin,
      written: false,
      note: `${note}: ${container[key]}`,
    }));
  }

  private async labelNote(phase: ExplainPhase): Promise<string> {
    const off = 'SELinux is not enabled on this host';
    try {
      // Loaded even for a bundle, so that provenance can name the plugin.
      const enforced = (await this.ctx.labelProvider()).kernelEnforced;
      return phase === 'bundle' || !enforced ? off : 'set at start';
    } catch (error) {
      debug('label provider not loaded: %O', error);
      return 'set at start when SELinux is enabled';
    }
  }
}

function explainDirective(directive: SpecDirective, shown: ShownConfig): ExplainedDirective {
  const placeholder = shown.phase === 'create' && SET_AT_START.has(directive.path);
  if (placeholder) return { ...directive, written: false, note: 'set at start' };

  const written = hasValue(shown.config, directive.path);
  const explained: ExplainedDirective = { ...directive, written };
  if (written && shown.phase === 'create' && directive.path === 'mounts') {
    explained.note = 'start adds /etc/hostname, /etc/hosts and /run/.containerenv';
  }
  return explained;
}

/**
 * hasValue says whether a dotted path names a value in the spec; `mounts[/data]` names the
 * mount at that destination.
 */
function hasValue(spec: OciSpec, path: string): boolean {
  const mount = /^mounts\[(.*)\]$/.exec(path);
  if (mount) return spec.mounts.some((m) => m.destination === mount[1]);

  let node: unknown = spec;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[key];
  }
  return node !== undefined;
}
