import type { LabelAllocateOptions, LabelReport, LabelReservations } from '@skiff/contracts';
import { InvalidArgument, SkiffError } from '@skiff/contracts';
import {
  LABEL_PROVIDER_CHECKS,
  labelContractSubject,
  type LabelProviderFactory,
} from '@skiff/contracts/testing';
import { describe, expect, it } from 'vitest';

// A small provider that keeps the contract; each subclass below breaks one rule of it.
class ToyLabelProvider {
  readonly kernelEnforced: boolean = false;

  constructor(protected readonly reservations: LabelReservations) {}

  async allocate({ owner, options }: LabelAllocateOptions): Promise<LabelReport> {
    if (options.some((option) => option !== 'disable')) {
      throw new InvalidArgument(`unsupported label option: ${options.join(',')}`);
    }
    if (options.includes('disable')) return { processLabel: '', mountLabel: '' };

    const level = this.draw(owner);
    return { processLabel: `u:r:toy_t:${level}`, mountLabel: `u:object_r:toy_file_t:${level}` };
  }

  async release(owner: string): Promise<void> {
    this.reservations.release(owner);
  }

  async relabel(): Promise<void> {}

  protected draw(owner: string): string {
    for (let n = 0; ; n++) {
      if (this.reservations.tryReserve(`s0:c${n}`, owner)) return `s0:c${n}`;
    }
  }
}

// Counts in memory, as if each engine process were alone.
class OwnCounter extends ToyLabelProvider {
  private next = 0;
  protected override draw(): string {
    return `s0:c${this.next++}`;
  }
}

class LeaksOnRefusal extends ToyLabelProvider {
  override async allocate(options: LabelAllocateOptions): Promise<LabelReport> {
    this.draw(options.owner);
    return super.allocate(options);
  }
}

class LabelsDisabled extends ToyLabelProvider {
  override async allocate(options: LabelAllocateOptions): Promise<LabelReport> {
    return super.allocate({ ...options, options: options.options.filter((o) => o !== 'disable') });
  }
}

class NoMountLabel extends ToyLabelProvider {
  override async allocate(options: LabelAllocateOptions): Promise<LabelReport> {
    return { ...(await super.allocate(options)), mountLabel: '' };
  }
}

class RefusesUnknownOwners extends ToyLabelProvider {
  override async release(owner: string): Promise<void> {
    if (!owner.startsWith('c')) throw new InvalidArgument(`unknown owner ${owner}`);
    return super.release(owner);
  }
}

class RelabelsEverything extends ToyLabelProvider {
  override async relabel(): Promise<void> {
    throw new SkiffError('Storage', 'relabelling failed');
  }
}

class RefusesWithPlainError extends ToyLabelProvider {
  override async allocate(options: LabelAllocateOptions): Promise<LabelReport> {
    if (options.options.includes('bogus')) throw new Error('bogus');
    return super.allocate(options);
  }
}

class ClaimsEnforcement extends ToyLabelProvider {
  override readonly kernelEnforced = true;
}

async function failedChecks(factory: LabelProviderFactory): Promise<string[]> {
  const failed: string[] = [];
  for (const check of LABEL_PROVIDER_CHECKS) {
    const outcome = await check.run(labelContractSubject(factory)).then(
      () => 'passed',
      () => 'failed',
    );
    if (outcome === 'failed') failed.push(check.name);
  }
  return failed;
}

describe('the label provider contract suite', () => {
  it('passes a provider that keeps every rule', async () => {
    expect(await failedChecks((r) => new ToyLabelProvider(r))).toEqual([]);
  });

  // Each broken provider must fail the check whose name holds the phrase beside it.
  it.each([
    ['OwnCounter', OwnCounter, 'same drawn level'],
    ['LeaksOnRefusal', LeaksOnRefusal, 'no reservation behind'],
    ['LabelsDisabled', LabelsDisabled, 'no process label for disable'],
    ['NoMountLabel', NoMountLabel, 'a mount label beside'],
    ['RefusesUnknownOwners', RefusesUnknownOwners, 'holds nothing as a no-op'],
    ['RelabelsEverything', RelabelsEverything, 'empty mount label'],
    ['RefusesWithPlainError', RefusesWithPlainError, 'no reservation behind'],
    ['ClaimsEnforcement', ClaimsEnforcement, 'kernel-enforced'],
  ])('catches %s', async (_name, Broken, phrase) => {
    const failed = await failedChecks((r) => new Broken(r));
    expect(failed.filter((name) => name.includes(phrase))).toHaveLength(1);
  });
});
