const BRAND = Symbol.for('skiff.error');

/**
 * ErrorCode is the stable identifier of a failure. The CLI maps it to an exit code; scripts and
 * plugins may rely on it across releases.
 */
export type ErrorCode =
  | 'InvalidArgument'
  | 'NoSuchContainer'
  | 'NoSuchImage'
  | 'NameInUse'
  | 'ContainerState'
  | 'ImageInUse'
  | 'NoSuchVolume'
  | 'VolumeInUse'
  | 'VolumeExists'
  | 'ContainerInUse'
  | 'OciRuntime'
  | 'RuntimeNotFound'
  | 'ExecutableNotFound'
  | 'ExecutablePermission'
  | 'PluginLoad'
  | 'PluginIncompatible'
  | 'NoProvider'
  | 'Config'
  | 'Storage'
  | 'UserNamespace'
  | 'Internal';

/**
 * SkiffError is the base of every error the engine and its providers raise on purpose. It owns
 * a stable `code` and keeps the `cause` it wraps, so the CLI can print the whole chain.
 *
 * Errors cross package copies (a third-party plugin brings its own copy of this package), so
 * recognise them with `SkiffError.is`, never with `instanceof`.
 */
export class SkiffError extends Error {
  readonly code: ErrorCode;
  readonly [BRAND] = true;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = code;
  }

  /** is reports whether `value` is a SkiffError from any copy of this package. */
  static is(value: unknown): value is SkiffError {
    return typeof value === 'object' && value !== null && (value as never)[BRAND] === true;
  }

  /**
   * wrap adds the step that failed (`creating container 3f2a...`) in front of `cause`, keeping
   * the cause's code so the exit status does not change as the error travels up.
   */
  static wrap(step: string, cause: unknown): SkiffError {
    const code = SkiffError.is(cause) ? cause.code : 'Internal';
    return new SkiffError(code, step, { cause });
  }

  /** chain returns the messages of this error and its causes, outermost first. */
  static chain(error: unknown): string[] {
    const messages: string[] = [];
    let current: unknown = error;
    while (current !== undefined && current !== null && messages.length < 16) {
      const message = current instanceof Error ? current.message : String(current);
      if (message) messages.push(message);
      current = current instanceof Error ? current.cause : undefined;
    }
    return messages;
  }

  /** codeOf returns the stable code of any thrown value; unknown values are `Internal`. */
  static codeOf(error: unknown): ErrorCode {
    return SkiffError.is(error) ? error.code : 'Internal';
  }
}
