import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { SkiffError } from '../errors/skiff-error.js';
import type { LabelAllocateOptions, LabelProvider } from '../providers/label-provider.js';
import type { LabelReservations } from '../providers/label-provider.js';
import type { HostFacts } from '../types/environment.js';
import { MemoryLabelReservations } from './memory-label-reservations.mjs';

/** LabelProviderFactory builds a fresh provider over the reservation store and host it is given. */
export type LabelProviderFactory = (
  reservations: LabelReservations,
  host: HostFacts,
) => LabelProvider;

/** LabelProviderContractOptions tell the suite what it cannot know about a provider's policy. */
export interface LabelProviderContractOptions {
  /** Option lists the provider must refuse with InvalidArgument. */
  refusedOptions?: readonly (readonly string[])[];
  /** Options by which a user chooses `level` for a container, when the provider allows it. */
  userLevel?: { level: string; options: readonly string[] };
}

/** LabelContractSubject is what one check runs against: a provider and its reservations. */
export interface LabelContractSubject {
  provider: LabelProvider;
  reservations: MemoryLabelReservations;
  /** another builds a second provider over the same reservations, as another process would. */
  another(): LabelProvider;
  /** withHost builds a provider over fresh reservations as if on another host. */
  withHost(host: HostFacts): LabelProvider;
  options: LabelProviderContractOptions;
}

/** LabelContractCheck is one rule every label provider follows, whatever its policy. */
export interface LabelContractCheck {
  name: string;
  run(subject: LabelContractSubject): Promise<void>;
}

/** HOST_WITHOUT_SELINUX is the host the suite builds providers for, like Skiff's build hosts. */
export const HOST_WITHOUT_SELINUX: HostFacts = {
  selinuxEnabled: false,
  arch: 'amd64',
  hardLimits: {},
};

// Options some policy or other refuses; a provider may accept them, but refusing one must
// leave nothing behind.
const DUBIOUS_OPTIONS: readonly (readonly string[])[] = [
  ['bogus'],
  ['level'],
  [''],
  ['nested'],
  ['no-such-key:x'],
  ['type:x', 'bogus'],
];

const PROCESS_KINDS: readonly LabelAllocateOptions['processKind'][] = [
  undefined,
  'container',
  'init',
  'kvm',
];

// An SELinux context is user:role:type:level, and the level may hold colons of its own.
function levelOf(label: string): string {
  return label.split(':').slice(3).join(':');
}

// Setting a label changes a file's ctime, so unchanged ctimes show that nothing was written;
// the labels themselves are compared too when the provider can read them.
async function treeState(provider: LabelProvider, dir: string): Promise<unknown[]> {
  const state: unknown[] = [];
  for (const path of [dir, join(dir, 'file')]) {
    state.push((await stat(path)).ctimeMs);
    if (provider.fileLabel) state.push(await provider.fileLabel(path));
  }
  return state;
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error ?? new SkiffError('Internal', 'rejected without a reason'),
  );
}

function expectInvalidArgument(error: unknown, options: readonly string[]): void {
  const what = `refusing ${JSON.stringify(options)}`;
  expect(SkiffError.is(error), `${what} with a SkiffError`).toBe(true);
  expect(SkiffError.codeOf(error), `${what} as InvalidArgument`).toBe('InvalidArgument');
}

async function expectRefusalLeavesNothing(
  subject: LabelContractSubject,
  options: readonly string[],
  mustRefuse: boolean,
): Promise<void> {
  const { provider, reservations } = subject;
  const before = reservations.levels();

  const error = await rejectionOf(provider.allocate({ owner: 'refused', options }));
  if (error === undefined) {
    expect(mustRefuse, `expected ${JSON.stringify(options)} to be refused`).toBe(false);
    await provider.release('refused');
    return;
  }

  expectInvalidArgument(error, options);
  expect(reservations.heldBy('refused')).toEqual([]);
  expect(reservations.levels()).toEqual(before);
}

/** LABEL_PROVIDER_CHECKS are the contract's rules, in the order the suite runs them. */
export const LABEL_PROVIDER_CHECKS: readonly LabelContractCheck[] = [
  {
    name: 'says whether its labels are kernel-enforced, never on a host without SELinux',
    async run({ provider, withHost }) {
      const onSelinuxHost = withHost({ ...HOST_WITHOUT_SELINUX, selinuxEnabled: true });

      expect(provider.kernelEnforced).toBe(false);
      expect(typeof onSelinuxHost.kernelEnforced).toBe('boolean');
    },
  },
  {
    name: 'allocates a process label and a mount label as strings',
    async run({ provider }) {
      const report = await provider.allocate({ owner: 'c1', options: [] });

      expect(typeof report.processLabel).toBe('string');
      expect(typeof report.mountLabel).toBe('string');
    },
  },
  {
    name: 'gives either two empty labels or a mount label beside any process label',
    async run({ provider }) {
      const reports = [
        await provider.allocate({ owner: 'plain', options: [] }),
        await provider.allocate({ owner: 'disabled', options: ['disable'] }),
        await provider.allocate({ owner: 'init', options: [], processKind: 'init' }),
      ];

      for (const { processLabel, mountLabel } of reports) {
        if (processLabel !== '') expect(mountLabel).not.toBe('');
      }
    },
  },
  {
    name: 'holds the level it allocates, so that nobody else can reserve it',
    async run({ provider, reservations }) {
      const level = levelOf((await provider.allocate({ owner: 'c1', options: [] })).processLabel);
      if (level === '') return;

      expect(reservations.heldBy('c1')).toContain(level);
      expect(reservations.tryReserve(level, 'intruder')).toBe(false);
    },
  },
  {
    name: 'never gives two containers the same drawn level, even from two processes',
    async run({ provider, another }) {
      const second = another();
      const levels: string[] = [];

      for (let i = 0; i < 24; i++) {
        const allocator = i % 2 === 0 ? provider : second;
        const { processLabel } = await allocator.allocate({ owner: `c${i}`, options: [] });
        if (levelOf(processLabel) !== '') levels.push(levelOf(processLabel));
      }

      expect(new Set(levels).size).toBe(levels.length);
    },
  },
  {
    name: 'frees what an owner held on release, and allocates for it again afterwards',
    async run({ provider, reservations }) {
      await provider.allocate({ owner: 'c1', options: [] });

      await expect(provider.release('c1')).resolves.toBeUndefined();
      expect(reservations.heldBy('c1')).toEqual([]);

      const again = await provider.allocate({ owner: 'c1', options: [] });
      expect(typeof again.processLabel).toBe('string');
      const level = levelOf(again.processLabel);
      if (level !== '') expect(reservations.heldBy('c1')).toEqual([level]);
    },
  },
  {
    name: 'treats the release of an owner that holds nothing as a no-op',
    async run({ provider, reservations }) {
      await provider.allocate({ owner: 'c1', options: [] });
      const before = reservations.levels();

      await expect(provider.release('nobody')).resolves.toBeUndefined();

      expect(reservations.levels()).toEqual(before);
    },
  },
  {
    name: 'changes nothing when relabelling with an empty mount label, even / or ""',
    async run({ provider }) {
      const dir = await mkdtemp(join(tmpdir(), 'skiff-label-contract-'));
      try {
        await writeFile(join(dir, 'file'), 'x');
        const before = await treeState(provider, dir);

        for (const path of [dir, '/', '/usr', '']) {
          for (const shared of [false, true]) {
            await expect(provider.relabel({ path, mountLabel: '', shared })).resolves.toBe(
              undefined,
            );
          }
        }

        expect(await treeState(provider, dir)).toEqual(before);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'gives no process label for disable, and holds no level for it',
    async run({ provider, reservations }) {
      const report = await provider.allocate({ owner: 'c1', options: ['disable'] });

      expect(report.processLabel).toBe('');
      expect(reservations.heldBy('c1')).toEqual([]);
    },
  },
  {
    name: 'leaves no reservation behind when it refuses an option',
    async run(subject) {
      await subject.provider.allocate({ owner: 'bystander', options: [] });

      for (const options of subject.options.refusedOptions ?? []) {
        await expectRefusalLeavesNothing(subject, options, true);
      }
      for (const options of DUBIOUS_OPTIONS) {
        await expectRefusalLeavesNothing(subject, options, false);
      }
    },
  },
  {
    name: 'accepts every processKind, holding one level for each container',
    async run({ provider, reservations }) {
      for (const [i, processKind] of PROCESS_KINDS.entries()) {
        const owner = `kind${i}`;
        const report = await provider.allocate({ owner, options: [], processKind });

        expect(typeof report.processLabel).toBe('string');
        const level = levelOf(report.processLabel);
        expect(reservations.heldBy(owner)).toEqual(level === '' ? [] : [level]);
      }
    },
  },
  {
    name: 'lets containers share a level the user chose, until the last one releases it',
    async run({ provider, reservations, options }) {
      if (!options.userLevel) return;
      const { level, options: chosen } = options.userLevel;

      for (const owner of ['c1', 'c2']) {
        const report = await provider.allocate({ owner, options: chosen });
        expect(levelOf(report.processLabel)).toBe(level);
      }
      await provider.release('c1');
      expect(reservations.levels()).toContain(level);
      await provider.release('c2');
      expect(reservations.levels()).not.toContain(level);
    },
  },
];

/** labelContractSubject builds what the checks run against, fresh for each check. */
export function labelContractSubject(
  factory: LabelProviderFactory,
  options: LabelProviderContractOptions = {},
): LabelContractSubject {
  const reservations = new MemoryLabelReservations();
  return {
    provider: factory(reservations, HOST_WITHOUT_SELINUX),
    reservations,
    another: () => factory(reservations, HOST_WITHOUT_SELINUX),
    withHost: (host) => factory(new MemoryLabelReservations(), host),
    options,
  };
}

/**
 * labelProviderContract registers, as vitest tests, the rules every LabelProvider must follow
 * whatever its policy: a plugin's `<name>.contract.test.ts` calls it with a factory.
 */
export function labelProviderContract(
  name: string,
  factory: LabelProviderFactory,
  options: LabelProviderContractOptions = {},
): void {
  describe(`${name} honours the LabelProvider contract`, () => {
    for (const check of LABEL_PROVIDER_CHECKS) {
      it(check.name, () => check.run(labelContractSubject(factory, options)));
    }
  });
}
