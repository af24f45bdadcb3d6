/**
 * FuncError is a failure raised by a template function. The executor reports it as Go does:
 * `error calling NAME: MESSAGE`, or, for an argument of the wrong type (which Go finds before
 * calling), the message alone.
 */
export class FuncError extends Error {
  readonly argumentType: boolean;

  constructor(message: string, options?: { argumentType?: boolean }) {
    super(message);
    this.name = 'FuncError';
    this.argumentType = options?.argumentType ?? false;
  }

  /** wrongType is Go's complaint about an argument that does not fit the function's parameter. */
  static wrongType(expected: string, got: string): FuncError {
    return new FuncError(`wrong type for value; expected ${expected}; got ${got}`, {
      argumentType: true,
    });
  }
}
