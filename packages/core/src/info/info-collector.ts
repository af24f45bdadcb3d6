import { ENGINE_API_VERSION } from '@skiff/contracts';
import createDebug from 'debug';

import { RegistriesLoader } from '../config/registries-loader.js';
import type { EngineContext } from '../engine-context.js';
import type { ActiveProvider } from '../plugins/provider-registry.js';
import { hostInfo, type HostProbes } from './host-info.js';
import type { InfoReport, ProviderInfo, VersionInfo } from './info-report.js';
import { registriesInfo } from './registries-info.js';
import { storeInfo } from './store-info.js';

const debug = createDebug('skiff:core:info');

/**
 * collectInfo gathers `skiff info`. Providers are asked what they own (where the runtime is,
 * which seccomp profile is the default) rather than core guessing, so a swapped provider
 * reports its own answers; nothing here fails over a missing helper, it reports it empty.
 */
export async function collectInfo(ctx: EngineContext): Promise<InfoReport> {
  const providers = await ctx.registry.describe();
  const probes = await probeProviders(ctx);
  const rootless = ctx.environment.rootless;

  return {
    host: await hostInfo(ctx, probes),
    store: await storeInfo(ctx),
    registries: registriesInfo(new RegistriesLoader({ env: ctx.hostEnv, rootless }).load()),
    version: versionInfo(ctx.host.arch),
    providers: Object.fromEntries(providers.map((p) => [p.role, providerInfo(p)])),
  };
}

async function probeProviders(ctx: EngineContext): Promise<HostProbes> {
  const name = ctx.environment.ociRuntime.name;
  const runtime = await (await ctx.runtimeProvider()).locate(name).catch((error: unknown) => {
    debug('no %s runtime: %s', name, (error as Error).message);
    return { name, path: '' };
  });
  return { runtime, seccompProfilePath: await defaultSeccompProfile(ctx) };
}

// The origin of the default profile's rules is the file they came from.
async function defaultSeccompProfile(ctx: EngineContext): Promise<string> {
  const seccomp = await ctx.seccompProvider();
  try {
    const report = await seccomp.generate({
      profile: { kind: 'default' },
      capabilities: [],
      privileged: false,
    });
    return report.origin === 'unconfined' ? '' : report.origin;
  } catch (error) {
    debug('no default seccomp profile: %s', (error as Error).message);
    return '';
  }
}

function versionInfo(arch: string): VersionInfo {
  return {
    APIVersion: ENGINE_API_VERSION,
    Version: engineVersion(),
    OsArch: `${process.platform}/${arch}`,
    Os: process.platform,
  };
}

function engineVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}

function providerInfo(provider: ActiveProvider): ProviderInfo {
  return {
    implementation: provider.implementation,
    chosenBy: provider.configured === 'auto' ? 'auto' : 'configured',
    plugin: provider.plugin,
    packageName: provider.packageName,
    packageVersion: provider.packageVersion,
    apiRange: provider.apiRange,
  };
}
