import 'reflect-metadata';

import type { HostFacts, LabelReservations } from '@skiff/contracts';
import { labelProviderContract } from '@skiff/contracts/testing';

import type { ContextsFileLocations } from './contexts-file.js';
import { SelinuxLabelProvider } from './selinux-label-provider.js';

// No contexts file there: the provider falls back to container-selinux's labels, as on a host
// without SELinux, whatever the machine running the tests has installed.
const NOWHERE: ContextsFileLocations = {
  containersPath: '/nonexistent/skiff/contexts',
  selinuxDir: '/nonexistent/skiff/selinux',
};

class ContractSelinuxLabelProvider extends SelinuxLabelProvider {
  constructor(
    reservations: LabelReservations,
    host: HostFacts,
    private readonly categories?: number,
  ) {
    super(reservations, host);
  }

  protected override contextsLocations(): ContextsFileLocations {
    return NOWHERE;
  }

  protected override categoryRange(): number {
    return this.categories ?? super.categoryRange();
  }
}

const OPTIONS = {
  refusedOptions: [['bogus'], ['nested'], [''], ['type:spc_t', 'colour:red'], ['bogus', 'disable']],
  userLevel: { level: 's0:c1,c2', options: ['level:s0:c1,c2'] },
};

labelProviderContract(
  'SelinuxLabelProvider',
  (reservations, host) => new ContractSelinuxLabelProvider(reservations, host),
  OPTIONS,
);

// 8 categories make 28 levels, so the suite's 24 containers from two processes nearly fill
// them: a provider that trusted its own draws rather than the store would collide.
labelProviderContract(
  'SelinuxLabelProvider over 8 categories',
  (reservations, host) => new ContractSelinuxLabelProvider(reservations, host, 8),
  OPTIONS,
);
