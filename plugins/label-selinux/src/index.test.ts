import 'reflect-metadata';

import { ENGINE_API_VERSION, HostFacts, LabelReservations } from '@skiff/contracts';
import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';

import { MemoryLabelReservations } from '@skiff/contracts/testing';
import { plugin, SelinuxLabelProvider } from './index.js';

describe('label-selinux plugin descriptor', () => {
  it('offers the selinux implementation of the label role', () => {
    expect(plugin.name).toBe('label-selinux');
    expect(plugin.apiRange).toBe('^1.2.0');
    expect(plugin.provides).toEqual([
      { role: 'label', implementation: 'selinux', useClass: SelinuxLabelProvider },
    ]);
  });

  it('accepts the current engine API, whose process kind and file label it uses', () => {
    const [major, minor] = ENGINE_API_VERSION.split('.').map(Number);
    expect(plugin.apiRange).toBe(`^${major}.2.0`);
    expect(minor).toBeGreaterThanOrEqual(2);
  });

  it('is built by the DI container from the reservation store and host facts tokens', () => {
    const scope = container.createChildContainer();
    const reservations = new MemoryLabelReservations();
    scope.register(LabelReservations, { useValue: reservations });
    scope.register(HostFacts, {
      useValue: { selinuxEnabled: true, arch: 'amd64', hardLimits: {} },
    });

    const provider = scope.resolve(SelinuxLabelProvider);

    expect(provider).toBeInstanceOf(SelinuxLabelProvider);
    expect(provider.kernelEnforced).toBe(true);
  });
});
