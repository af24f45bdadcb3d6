import {
  ExecutableNotFound,
  ExecutablePermission,
  OciRuntime,
  type SkiffError,
} from '@skiff/contracts';

// Podman sorts a runtime's complaint by these phrases, permission first, and so do we: the exit
// code a script sees (126, 127 or 125) depends on which one matches.
const PERMISSION = /permission denied|operation not permitted/i;
const NOT_FOUND = /executable file not found in|no such file or directory/i;

/**
 * RuntimeFailure turns the words of a failed OCI runtime into Skiff's typed errors, in the
 * shape Podman prints them: the runtime's name, its message, then what kind of failure it was.
 */
export class RuntimeFailure {
  /**
   * ofProcess classifies a failure to start a container: a command that cannot be found is
   * ExecutableNotFound, one that cannot be executed is ExecutablePermission, anything else
   * OciRuntime.
   */
  static ofProcess(runtimeName: string, message: string): SkiffError {
    const denied = matchingLine(message, PERMISSION);
    if (denied !== undefined) {
      return new ExecutablePermission(`${runtimeName}: ${denied}: OCI permission denied`);
    }

    const missing = matchingLine(message, NOT_FOUND);
    if (missing !== undefined) {
      return new ExecutableNotFound(
        `${runtimeName}: ${missing}: OCI runtime attempted to invoke a command that was not found`,
      );
    }

    return RuntimeFailure.ofCommand(runtimeName, message);
  }

  /** ofCommand reports a failed runtime operation (state, kill, delete) as OciRuntime. */
  static ofCommand(runtimeName: string, message: string, cause?: unknown): OciRuntime {
    const text = message.trim();
    const options = cause === undefined ? undefined : { cause };
    return new OciRuntime(`OCI runtime error: ${runtimeName}: ${text}`, text, options);
  }
}

/** Podman quotes only the line that matched, not the runtime's whole output. */
function matchingLine(message: string, pattern: RegExp): string | undefined {
  return message
    .split('\n')
    .map((line) => line.trim())
    .find((line) => pattern.test(line));
}
