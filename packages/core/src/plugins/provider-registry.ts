import type { HostFacts, ProviderRegistration, ProviderRole } from '@skiff/contracts';
import {
  ImageProvider,
  LabelProvider,
  NoProvider,
  PROVIDER_ROLES,
  RuntimeProvider,
  SeccompProvider,
} from '@skiff/contracts';
import createDebug from 'debug';
import { injectable, Lifecycle, type DependencyContainer } from 'tsyringe';

import type { EngineConfig } from '../config/engine-config.js';
import { BUILTIN_PLUGINS } from './builtin-plugins.js';
import { loadPlugin, type LoadedPlugin } from './plugin-loader.js';

const debug = createDebug('skiff:core:plugins');

const TOKENS: Record<ProviderRole, symbol> = {
  image: ImageProvider,
  label: LabelProvider,
  seccomp: SeccompProvider,
  runtime: RuntimeProvider,
};

const CONFIG_KEYS: Record<ProviderRole, keyof EngineConfig['skiff']> = {
  image: 'imageProvider',
  label: 'labelProvider',
  seccomp: 'seccompProvider',
  runtime: 'runtimeProvider',
};

/** ActiveProvider describes the implementation that fills a role, for `skiff plugin ls`. */
export interface ActiveProvider {
  role: ProviderRole;
  implementation: string;
  /** How the implementation was chosen: the configured value, `auto`, or the default. */
  configured: string;
  plugin: string;
  packageName: string;
  packageVersion: string;
  apiRange: string;
}

/**
 * ProviderRegistry chooses the implementation of each role from configuration, loads only the
 * plugin that provides it, and registers the provider class in the engine's DI container on
 * first use.
 */
export class ProviderRegistry {
  private readonly active = new Map<ProviderRole, ActiveProvider>();
  private extraPlugins?: Promise<LoadedPlugin[]>;

  constructor(
    private readonly config: EngineConfig['skiff'],
    private readonly host: () => HostFacts,
    private readonly container: DependencyContainer,
    private readonly baseDir: string,
  ) {}

  /** get returns the provider for `role`, loading its plugin the first time. */
  async get<T>(role: ProviderRole): Promise<T> {
    if (!this.active.has(role)) await this.activate(role);
    return this.container.resolve<T>(TOKENS[role]);
  }

  /** describe loads every role's provider and reports them in `PROVIDER_ROLES` order. */
  async describe(): Promise<ActiveProvider[]> {
    await this.loadExtraPlugins();
    for (const role of PROVIDER_ROLES) {
      if (!this.active.has(role)) await this.activate(role);
    }
    return PROVIDER_ROLES.map((role) => this.active.get(role) as ActiveProvider);
  }

  /**
   * originOf names a role's provider as provenance records it: `seccomp provider oci from
   * @skiff/plugin-seccomp-oci` once the role is active, its configured name before.
   */
  originOf(role: ProviderRole): string {
    const active = this.active.get(role);
    if (active === undefined) return `${role} provider ${this.implementationFor(role).name}`;
    return `${role} provider ${active.implementation} from ${active.packageName}`;
  }

  /** implementationFor resolves the configured name, turning `auto` into a concrete choice. */
  implementationFor(role: ProviderRole): { name: string; configured: string } {
    const configured = this.config[CONFIG_KEYS[role]];
    const value = typeof configured === 'string' && configured !== '' ? configured : 'auto';
    if (value !== 'auto') return { name: value, configured: value };
    if (role === 'label') {
      return { name: this.host().selinuxEnabled ? 'selinux' : 'none', configured: 'auto' };
    }
    return { name: 'oci', configured: 'auto' };
  }

  private async activate(role: ProviderRole): Promise<void> {
    const { name, configured } = this.implementationFor(role);
    const { plugin, registration } = await this.find(role, name);

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const useClass = registration.useClass as unknown as new (...args: any[]) => object;
    // A plugin from outside the bundle decorated its class with its own copy of tsyringe, which
    // our container cannot see; marking it injectable here makes its @inject tokens visible.
    injectable()(useClass as never);
    this.container.register(TOKENS[role], { useClass }, { lifecycle: Lifecycle.Singleton });

    this.active.set(role, {
      role,
      implementation: name,
      configured,
      plugin: plugin.descriptor.name,
      packageName: plugin.packageName,
      packageVersion: plugin.packageVersion,
      apiRange: plugin.descriptor.apiRange,
    });
    debug('%s provider: %s from %s', role, name, plugin.packageName);
  }

  private async find(
    role: ProviderRole,
    name: string,
  ): Promise<{ plugin: LoadedPlugin; registration: ProviderRegistration }> {
    const builtin = BUILTIN_PLUGINS.find((b) => b.role === role && b.implementation === name);
    const candidates = builtin
      ? [await loadPlugin(builtin.module, this.baseDir)]
      : await this.loadExtraPlugins();

    for (const plugin of candidates) {
      const registration = plugin.descriptor.provides.find(
        (entry) => entry.role === role && entry.implementation === name,
      );
      if (registration) return { plugin, registration };
    }
    throw new NoProvider(
      `no plugin provides the ${role} implementation "${name}" ` +
        `(set by ${snake(CONFIG_KEYS[role])} in the [skiff] table of containers.conf)`,
    );
  }

  private loadExtraPlugins(): Promise<LoadedPlugin[]> {
    this.extraPlugins ??= (async () => {
      const loaded: LoadedPlugin[] = [];
      for (const specifier of this.config.plugins) {
        loaded.push(await loadPlugin(specifier, this.baseDir));
      }
      return loaded;
    })();
    return this.extraPlugins;
  }
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
