import { SkiffError } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { RuntimeFailure } from './runtime-failure.js';

const PREFIX = 'runc run failed: unable to start container process';

describe('RuntimeFailure.ofProcess', () => {
  it('reports a command missing from $PATH as ExecutableNotFound', () => {
    const error = RuntimeFailure.ofProcess(
      'runc',
      `${PREFIX}: exec: "nope": executable file not found in $PATH`,
    );

    expect(error.code).toBe('ExecutableNotFound');
    expect(error.message).toBe(
      `runc: ${PREFIX}: exec: "nope": executable file not found in $PATH: ` +
        'OCI runtime attempted to invoke a command that was not found',
    );
  });

  it('reports a missing absolute command as ExecutableNotFound', () => {
    const message = `${PREFIX}: exec: "/nope": stat /nope: no such file or directory`;

    expect(RuntimeFailure.ofProcess('runc', message).code).toBe('ExecutableNotFound');
  });

  it('reports a command that cannot be executed as ExecutablePermission', () => {
    const error = RuntimeFailure.ofProcess(
      '/usr/bin/runc',
      `${PREFIX}: exec: "/bin/noexec": permission denied`,
    );

    expect(error.code).toBe('ExecutablePermission');
    expect(error.message).toBe(
      `/usr/bin/runc: ${PREFIX}: exec: "/bin/noexec": permission denied: OCI permission denied`,
    );
  });

  it('checks for permission before absence, as Podman does', () => {
    const message = 'open /x: no such file or directory\nsetrlimit: operation not permitted';
    const error = RuntimeFailure.ofProcess('runc', message);

    expect(error.code).toBe('ExecutablePermission');
    expect(error.message).toBe('runc: setrlimit: operation not permitted: OCI permission denied');
  });

  it('reports anything else as OciRuntime carrying the runtime text', () => {
    const text = `${PREFIX}: unable to apply cgroup configuration: invalid argument`;
    const error = RuntimeFailure.ofProcess('runc', text);

    expect(error.code).toBe('OciRuntime');
    expect(error.message).toBe(`OCI runtime error: runc: ${text}`);
    expect(SkiffError.is(error) && 'stderr' in error && error.stderr).toBe(text);
  });
});
