import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { ConfigError } from '@skiff/contracts';
import createDebug from 'debug';
import { parse as parseToml } from 'smol-toml';

import { emptyEngineConfig, type EngineConfig } from './engine-config.js';

const debug = createDebug('skiff:core:config');

type Table = Record<string, unknown>;

/** ConfigPaths lets tests and `--config` point at other files than the system ones. */
export interface ConfigPaths {
  env: NodeJS.ProcessEnv;
  rootless: boolean;
  /** `--config`: one containers.conf used instead of every other. */
  containersConf?: string;
}

/**
 * ConfigLoader reads containers.conf and storage.conf the way Podman finds them:
 * `CONTAINERS_CONF` (or `--config`) replaces the system files, otherwise the files under
 * /usr/share/containers, /etc/containers and its `.d` directory are merged in that order,
 * followed by the user's file when rootless.
 */
export class ConfigLoader {
  constructor(private readonly paths: ConfigPaths) {}

  load(): EngineConfig {
    const config = emptyEngineConfig();

    for (const file of this.containersConfFiles()) {
      this.mergeContainersConf(config, file);
    }
    this.mergeStorageConf(config);
    return config;
  }

  private containersConfFiles(): string[] {
    const explicit = this.paths.containersConf ?? this.paths.env.CONTAINERS_CONF;
    if (explicit) {
      if (!existsSync(explicit)) throw new ConfigError(`reading ${explicit}: no such file`);
      return [explicit];
    }

    const files = ['/usr/share/containers/containers.conf', '/etc/containers/containers.conf'];
    files.push(...confDir('/etc/containers/containers.conf.d'));
    if (this.paths.rootless) {
      const base = this.paths.env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
      files.push(join(base, 'containers/containers.conf'));
      files.push(...confDir(join(base, 'containers/containers.conf.d')));
    }
    return files.filter((file) => existsSync(file));
  }

  private mergeContainersConf(config: EngineConfig, file: string): void {
    const doc = readToml(file);
    config.sources.push(file);

    const containers = table(doc.containers, file, 'containers');
    assign(config.containers, 'defaultCapabilities', strings(containers.default_capabilities));
    assign(config.containers, 'defaultUlimits', strings(containers.default_ulimits));
    assign(config.containers, 'env', strings(containers.env));
    assign(config.containers, 'label', bool(containers.label));
    assign(config.containers, 'seccompProfile', str(containers.seccomp_profile));
    assign(config.containers, 'pidsLimit', num(containers.pids_limit));
    assign(config.containers, 'logDriver', str(containers.log_driver));
    assign(config.containers, 'logSizeMax', num(containers.log_size_max));

    const engine = table(doc.engine, file, 'engine');
    assign(config.engine, 'runtime', str(engine.runtime));
    assign(config.engine, 'conmonPath', strings(engine.conmon_path));
    assign(config.engine, 'stopTimeout', num(engine.stop_timeout));
    const runtimes = table(engine.runtimes, file, 'engine.runtimes');
    for (const [name, paths] of Object.entries(runtimes)) {
      const list = strings(paths);
      if (list) config.engine.runtimes[name] = list;
    }

    this.mergeSkiffTable(config, table(doc.skiff, file, 'skiff'));
  }

  private mergeSkiffTable(config: EngineConfig, skiff: Table): void {
    assign(config.skiff, 'imageProvider', str(skiff.image_provider));
    assign(config.skiff, 'labelProvider', str(skiff.label_provider));
    assign(config.skiff, 'seccompProvider', str(skiff.seccomp_provider));
    assign(config.skiff, 'runtimeProvider', str(skiff.runtime_provider));
    const plugins = strings(skiff.plugins);
    if (plugins) config.skiff.plugins = plugins;
  }

  // The system storage.conf describes containers/storage's own graphroot, whose layout Skiff
  // does not share, so only its driver is taken; a file named by CONTAINERS_STORAGE_CONF is
  // Skiff's own and every key counts.
  private mergeStorageConf(config: EngineConfig): void {
    const explicit = this.paths.env.CONTAINERS_STORAGE_CONF;
    const file = explicit ?? ['/etc/containers/storage.conf'].find((f) => existsSync(f));
    if (!file) return;
    if (!existsSync(file)) throw new ConfigError(`reading ${file}: no such file`);

    const storage = table(readToml(file).storage, file, 'storage');
    config.sources.push(file);
    assign(config.storage, 'driver', str(storage.driver));
    assign(config.storage, 'mountProgram', mountProgram(storage, file));
    if (explicit) {
      assign(config.storage, 'graphroot', str(storage.graphroot));
      assign(config.storage, 'runroot', str(storage.runroot));
    }
  }
}

// Podman reads `mount_program` from `[storage.options.overlay]`, and still honours the key
// directly under `[storage.options]` that older files use; the overlay table wins.
function mountProgram(storage: Table, file: string): string | undefined {
  const options = table(storage.options, file, 'storage.options');
  const overlay = table(options.overlay, file, 'storage.options.overlay');
  return str(overlay.mount_program) ?? str(options.mount_program);
}

function readToml(file: string): Table {
  debug('reading %s', file);
  try {
    return parseToml(readFileSync(file, 'utf8')) as Table;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(`reading ${file}: ${reason}`);
  }
}

function confDir(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.conf'))
    .sort()
    .map((name) => join(dir, name));
}

function table(value: unknown, file: string, name: string): Table {
  if (value === undefined) return {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Table;
  throw new ConfigError(`reading ${file}: [${name}] must be a table`);
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined) {
  if (value !== undefined) target[key] = value;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === 'string');
}
