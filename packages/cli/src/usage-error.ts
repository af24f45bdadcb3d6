import { SkiffError } from '@skiff/contracts';

/**
 * UsageError is a command line Skiff cannot act on: an unknown command, a group without a
 * command, a bad global flag. Its `hint` is the text Podman prints under the `Error:` line
 * (`Did you mean this?`, `Try 'skiff --help' ...`).
 */
export class UsageError extends SkiffError {
  readonly hint?: string;

  constructor(message: string, hint?: string) {
    super('InvalidArgument', message);
    this.hint = hint;
  }
}
