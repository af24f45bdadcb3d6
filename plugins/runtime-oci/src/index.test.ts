import 'reflect-metadata';

import { EngineEnvironment } from '@skiff/contracts';
import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';

import { OciRuntimeProvider, plugin } from './index.js';

describe('plugin', () => {
  it('offers OciRuntimeProvider as the oci runtime', () => {
    expect(plugin).toMatchObject({ name: 'runtime-oci', apiRange: '^1.0.0' });
    expect(plugin.provides).toEqual([
      { role: 'runtime', implementation: 'oci', useClass: OciRuntimeProvider },
    ]);
  });

  it('can be built by the DI container from the engine environment', () => {
    const child = container.createChildContainer();
    child.register(EngineEnvironment, {
      useValue: {
        root: '/r',
        runroot: '/rr',
        rootless: false,
        ociRuntime: { name: 'runc', paths: [] },
        conmonPaths: [],
      },
    });

    expect(child.resolve(plugin.provides[0].useClass)).toBeInstanceOf(OciRuntimeProvider);
  });
});
