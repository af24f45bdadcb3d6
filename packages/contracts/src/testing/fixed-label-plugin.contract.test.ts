import 'reflect-metadata';

import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { LabelProvider, LabelReservations, PluginDescriptor } from '@skiff/contracts';
import { LabelReservations as LabelReservationsToken } from '@skiff/contracts';
import { labelProviderContract, MemoryLabelReservations } from '@skiff/contracts/testing';
import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';

// The fixture is loaded the way the engine loads a plugin from a path: required, not compiled.
const FIXTURE = join(__dirname, '../../../../test/fixtures/plugins/fixed-label');

interface FixedLabelModule {
  plugin: PluginDescriptor;
  FixedLabelProvider: new (reservations: LabelReservations) => LabelProvider;
}

const fixture = createRequire(__filename)(FIXTURE) as FixedLabelModule;

labelProviderContract(
  'skiff-plugin-fixed-label',
  (reservations) => new fixture.FixedLabelProvider(reservations),
  { refusedOptions: [['type:spc_t'], ['level:s0:c1,c2'], ['bogus'], ['disable', 'user:x']] },
);

describe('skiff-plugin-fixed-label', () => {
  it('offers the fixed label implementation for engine API 1', () => {
    expect(fixture.plugin).toEqual({
      name: 'fixed-label',
      apiRange: '^1.0.0',
      provides: [{ role: 'label', implementation: 'fixed', useClass: fixture.FixedLabelProvider }],
    });
  });

  it('is built by DI over the reservations registered under their token', async () => {
    const reservations = new MemoryLabelReservations();
    const di = container.createChildContainer();
    di.register(LabelReservationsToken, { useValue: reservations });

    const provider = di.resolve(fixture.FixedLabelProvider);
    const report = await provider.allocate({ owner: 'c1', options: [] });

    expect(report).toEqual({
      processLabel: 'fixed_u:fixed_r:fixed_t:s1:c0',
      mountLabel: 'fixed_u:object_r:fixed_file_t:s1:c0',
    });
    expect(reservations.heldBy('c1')).toEqual(['s1:c0']);
  });

  it('counts its levels through the reservations, so that a released one is taken again', async () => {
    const reservations = new MemoryLabelReservations();
    const provider = new fixture.FixedLabelProvider(reservations);
    const levelOf = async (owner: string) =>
      (await provider.allocate({ owner, options: [] })).processLabel.split(':').slice(3).join(':');

    expect([await levelOf('a'), await levelOf('b'), await levelOf('c')]).toEqual([
      's1:c0',
      's1:c1',
      's1:c2',
    ]);
    await provider.release('b');
    expect(await levelOf('d')).toBe('s1:c1');
  });
});
