import 'reflect-metadata';

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { HostFacts } from '@skiff/contracts';
import {
  ENGINE_API_VERSION,
  HostFacts as HostFactsToken,
  LabelProvider,
  SkiffError,
} from '@skiff/contracts';
import { container as rootContainer } from 'tsyringe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EngineConfig } from '../config/engine-config.js';
import { ProviderRegistry } from './provider-registry.js';

let dir: string;
let count = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-core-registry-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// A third-party plugin as it would ship: CommonJS, its own classes, and the parameter tokens
// its own copy of tsyringe would have recorded for `@inject(HostFacts)`.
const FIXTURE = `
class PlainLabel {
  constructor() { this.kernelEnforced = false; }
}
class HostAwareSeccomp {
  constructor(host) { this.host = host; }
}
Reflect.defineMetadata('injectionTokens', { 0: Symbol.for('skiff.HostFacts') }, HostAwareSeccomp);
class Anything {}
exports.plugin = {
  name: 'fixture',
  apiRange: '^1.0.0',
  provides: [
    { role: 'label', implementation: 'plain', useClass: PlainLabel },
    { role: 'seccomp', implementation: 'host-aware', useClass: HostAwareSeccomp },
    { role: 'image', implementation: 'fixture', useClass: Anything },
    { role: 'runtime', implementation: 'fixture', useClass: Anything },
  ],
};
`;

function writePlugin(source: string, name: string, apiRange = '^1.0.0'): string {
  const root = join(dir, `plugin-${++count}`);
  mkdirSync(root);
  writeFileSync(join(root, 'index.js'), source.replace("'^1.0.0'", `'${apiRange}'`));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name, version: '1.2.3' }));
  return root;
}

const HOST: HostFacts = { selinuxEnabled: false, arch: 'amd64', hardLimits: {} };

function registry(skiff: Partial<EngineConfig['skiff']>, host: () => HostFacts = () => HOST) {
  const di = rootContainer.createChildContainer();
  di.register(HostFactsToken, { useValue: host() });
  const config = { plugins: [], ...skiff };
  return { di, registry: new ProviderRegistry(config, host, di, dir) };
}

async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error: unknown = await promise.then(
    () => expect.unreachable('expected a failure'),
    (reason: unknown) => reason,
  );
  if (!SkiffError.is(error)) throw error;
  return { code: error.code, message: error.message };
}

describe('ProviderRegistry.implementationFor', () => {
  it('chooses selinux for an auto label provider when SELinux is enabled', () => {
    const host = () => ({ ...HOST, selinuxEnabled: true });

    expect(registry({}, host).registry.implementationFor('label')).toEqual({
      name: 'selinux',
      configured: 'auto',
    });
    expect(registry({ labelProvider: 'auto' }, host).registry.implementationFor('label')).toEqual({
      name: 'selinux',
      configured: 'auto',
    });
  });

  it('chooses none for an auto label provider when SELinux is not enabled', () => {
    expect(registry({}).registry.implementationFor('label')).toEqual({
      name: 'none',
      configured: 'auto',
    });
    expect(registry({ labelProvider: '' }).registry.implementationFor('label')).toEqual({
      name: 'none',
      configured: 'auto',
    });
  });

  it('chooses oci for every other role left on auto', () => {
    const { registry: chosen } = registry({});

    for (const role of ['image', 'seccomp', 'runtime'] as const) {
      expect(chosen.implementationFor(role)).toEqual({ name: 'oci', configured: 'auto' });
    }
  });

  it('takes a configured name as is, without probing the host', () => {
    const host = (): HostFacts => expect.unreachable('the host must not be probed');
    const chosen = new ProviderRegistry(
      { labelProvider: 'selinux', runtimeProvider: 'mine', plugins: [] },
      host,
      rootContainer.createChildContainer(),
      dir,
    );

    expect(chosen.implementationFor('label')).toEqual({ name: 'selinux', configured: 'selinux' });
    expect(chosen.implementationFor('runtime')).toEqual({ name: 'mine', configured: 'mine' });
  });
});

describe('ProviderRegistry.get', () => {
  it('refuses an implementation no plugin provides, naming the config key', async () => {
    const { registry: chosen } = registry({ labelProvider: 'bogus' });

    expect(await failureOf(chosen.get('label'))).toEqual({
      code: 'NoProvider',
      message:
        'no plugin provides the label implementation "bogus" ' +
        '(set by label_provider in the [skiff] table of containers.conf)',
    });
  });

  it('refuses an implementation the listed plugins do not provide', async () => {
    const plugin = writePlugin(FIXTURE, '@acme/fixture');
    const { registry: chosen } = registry({ seccompProvider: 'strict', plugins: [plugin] });

    expect(await failureOf(chosen.get('seccomp'))).toEqual({
      code: 'NoProvider',
      message:
        'no plugin provides the seccomp implementation "strict" ' +
        '(set by seccomp_provider in the [skiff] table of containers.conf)',
    });
  });

  it('constructs a provider class from a plugin and keeps one instance', async () => {
    const plugin = writePlugin(FIXTURE, '@acme/fixture');
    const { registry: chosen, di } = registry({ labelProvider: 'plain', plugins: [plugin] });

    const provider = await chosen.get<{ kernelEnforced: boolean }>('label');

    expect(provider.constructor.name).toBe('PlainLabel');
    expect(provider.kernelEnforced).toBe(false);
    expect(await chosen.get('label')).toBe(provider);
    expect(di.resolve(LabelProvider)).toBe(provider);
  });

  it('resolves the constructor dependencies a plugin class declares', async () => {
    const plugin = writePlugin(FIXTURE, '@acme/fixture');
    const { registry: chosen } = registry({ seccompProvider: 'host-aware', plugins: [plugin] });

    const provider = await chosen.get<{ host: HostFacts }>('seccomp');

    expect(provider.constructor.name).toBe('HostAwareSeccomp');
    expect(provider.host).toBe(HOST);
  });

  it('registers providers in its own container only', async () => {
    const plugin = writePlugin(FIXTURE, '@acme/fixture');
    const { registry: chosen } = registry({ labelProvider: 'plain', plugins: [plugin] });

    await chosen.get('label');

    expect(rootContainer.isRegistered(LabelProvider)).toBe(false);
  });

  it('refuses a listed plugin whose API range excludes this engine', async () => {
    const plugin = writePlugin(FIXTURE, '@acme/old', '^0.5.0');
    const { registry: chosen } = registry({ labelProvider: 'plain', plugins: [plugin] });

    expect(await failureOf(chosen.get('label'))).toEqual({
      code: 'PluginIncompatible',
      message: `plugin "fixture" (${plugin}) supports engine API ^0.5.0, but this engine provides API ${ENGINE_API_VERSION}`,
    });
  });
});

describe('ProviderRegistry.describe', () => {
  it('reports the provider of every role in order, with its plugin and package', async () => {
    const plugin = writePlugin(FIXTURE, '@acme/fixture');
    const { registry: chosen } = registry({
      imageProvider: 'fixture',
      labelProvider: 'plain',
      seccompProvider: 'host-aware',
      runtimeProvider: 'fixture',
      plugins: [plugin],
    });

    const report = await chosen.describe();

    const common = {
      plugin: 'fixture',
      packageName: '@acme/fixture',
      packageVersion: '1.2.3',
      apiRange: '^1.0.0',
    };
    expect(report).toEqual([
      { role: 'image', implementation: 'fixture', configured: 'fixture', ...common },
      { role: 'label', implementation: 'plain', configured: 'plain', ...common },
      { role: 'seccomp', implementation: 'host-aware', configured: 'host-aware', ...common },
      { role: 'runtime', implementation: 'fixture', configured: 'fixture', ...common },
    ]);
  });
});
