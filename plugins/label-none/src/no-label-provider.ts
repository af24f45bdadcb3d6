import type {
  LabelAllocateOptions,
  LabelProvider,
  LabelReport,
  RelabelOptions,
} from '@skiff/contracts';
import { injectable } from 'tsyringe';

/**
 * NoLabelProvider is the label role's null implementation: what go-selinux does when SELinux
 * is disabled. Allocation gives empty labels and validates no option, so `label=bogus` is
 * accepted; release and relabel do nothing, even for `/`.
 */
@injectable()
export class NoLabelProvider implements LabelProvider {
  readonly kernelEnforced = false;

  /** allocate returns empty labels whatever the options. */
  async allocate(_options: LabelAllocateOptions): Promise<LabelReport> {
    return { processLabel: '', mountLabel: '' };
  }

  /** release has nothing to give back. */
  async release(_owner: string): Promise<void> {}

  /** relabel leaves every path as it is. */
  async relabel(_options: RelabelOptions): Promise<void> {}

  /** fileLabel reports no label for any path. */
  async fileLabel(_path: string): Promise<string> {
    return '';
  }
}
