import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import type {
  EngineEnvironment as Environment,
  HostFacts as Facts,
  ImageProvider as ImageRole,
  LabelProvider as LabelRole,
  RuntimeProvider as RuntimeRole,
  SeccompProvider as SeccompRole,
} from '@skiff/contracts';
import { EngineEnvironment, HostFacts, LabelReservations } from '@skiff/contracts';
import { container as rootContainer } from 'tsyringe';

import { ConfigLoader } from './config/config-loader.js';
import type { EngineConfig } from './config/engine-config.js';
import { probeHost } from './host/host-probe.js';
import { ProviderRegistry } from './plugins/provider-registry.js';
import { rootlessIdentity } from './rootless/rootless-identity.js';
import { ContainerStore } from './state/container-store.js';
import { openDatabase, type Database } from './state/database.js';
import { ImageStore } from './state/image-store.js';
import { SqliteLabelReservations } from './state/sqlite-label-reservations.js';

/** EngineOptions are the global flags and environment that shape one engine instance. */
export interface EngineOptions {
  root?: string;
  runroot?: string;
  runtime?: string;
  storageDriver?: string;
  /** `--config`: a containers.conf to use instead of the system ones. */
  config?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * The command line that runs this engine's CLI (`node /path/to/skiff`), which conmon calls
   * back as `... container cleanup ID` when a container exits. Without it, nothing cleans up
   * after a detached container until the next command that looks at it.
   */
  selfCommand?: string[];
}

// Podman's default conmon_path list, with Debian's location first.
const CONMON_PATHS = [
  '/usr/bin/conmon',
  '/usr/libexec/podman/conmon',
  '/usr/local/libexec/podman/conmon',
  '/usr/local/bin/conmon',
  '/usr/sbin/conmon',
  '/usr/local/sbin/conmon',
];

const RUNC_PATHS = [
  '/usr/bin/runc',
  '/usr/sbin/runc',
  '/usr/local/bin/runc',
  '/usr/local/sbin/runc',
  '/sbin/runc',
  '/bin/runc',
];

/**
 * EngineContext holds one process's engine state: configuration, environment, the database and
 * the provider registry. Everything costly (database, host probe, plugins) is opened on first
 * use, so a command pays only for what it touches.
 */
export class EngineContext {
  readonly config: EngineConfig;
  readonly environment: Environment;
  readonly registry: ProviderRegistry;
  readonly hostEnv: NodeJS.ProcessEnv;
  readonly selfCommand?: string[];
  /** `--config`, which the exit command is given too. */
  readonly configPath?: string;
  private database?: Database;
  private facts?: Facts;
  private readonly di = rootContainer.createChildContainer();

  constructor(options: EngineOptions = {}) {
    this.hostEnv = options.env ?? process.env;
    this.selfCommand = options.selfCommand;
    this.configPath = options.config;
    const identity = rootlessIdentity(this.hostEnv);
    const rootless = identity.rootless;
    this.config = new ConfigLoader({
      env: this.hostEnv,
      rootless,
      containersConf: options.config,
    }).load();
    this.environment = this.resolveEnvironment(options, rootless, identity.uid);

    this.di.register(EngineEnvironment, { useValue: this.environment });
    this.di.register(HostFacts, { useFactory: () => this.host });
    this.di.register(LabelReservations, {
      useFactory: () => new SqliteLabelReservations(this.db),
    });
    this.registry = new ProviderRegistry(
      this.config.skiff,
      () => this.host,
      this.di,
      process.cwd(),
    );
  }

  get db(): Database {
    this.database ??= openDatabase(this.environment.root);
    return this.database;
  }

  get host(): Facts {
    this.facts ??= probeHost();
    return this.facts;
  }

  get containers(): ContainerStore {
    return new ContainerStore(this.db);
  }

  get images(): ImageStore {
    return new ImageStore(this.db);
  }

  imageProvider(): Promise<ImageRole> {
    // Others may pass through the store but not list it, as with Podman's: a container in a
    // user namespace of its own must reach its root file system below.
    mkdirSync(this.environment.root, { recursive: true, mode: 0o711 });
    return this.registry.get<ImageRole>('image');
  }

  labelProvider(): Promise<LabelRole> {
    return this.registry.get<LabelRole>('label');
  }

  seccompProvider(): Promise<SeccompRole> {
    return this.registry.get<SeccompRole>('seccomp');
  }

  runtimeProvider(): Promise<RuntimeRole> {
    return this.registry.get<RuntimeRole>('runtime');
  }

  close(): void {
    this.database?.close();
    this.database = undefined;
  }

  private resolveEnvironment(options: EngineOptions, rootless: boolean, uid: number): Environment {
    const storage = this.config.storage;
    const env = this.hostEnv;
    const dataHome = env.XDG_DATA_HOME ?? join(homedir(), '.local/share');
    const runtimeDir = env.XDG_RUNTIME_DIR || join('/tmp', `skiff-run-${uid}`);

    const runtimeName = options.runtime ?? this.config.engine.runtime ?? 'runc';
    const configuredPaths = this.config.engine.runtimes[runtimeName];
    return {
      root:
        options.root ??
        storage.graphroot ??
        (rootless ? join(dataHome, 'skiff') : '/var/lib/skiff'),
      runroot:
        options.runroot ?? storage.runroot ?? (rootless ? join(runtimeDir, 'skiff') : '/run/skiff'),
      rootless,
      storageDriver: options.storageDriver ?? storage.driver,
      overlayMountProgram: storage.mountProgram,
      ociRuntime: {
        name: runtimeName,
        paths: configuredPaths ?? (runtimeName === 'runc' ? RUNC_PATHS : []),
      },
      conmonPaths: this.config.engine.conmonPath ?? CONMON_PATHS,
      seccompProfile: this.config.containers.seccompProfile,
    };
  }
}
