import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mountsUnder, runcContainers, Store } from './harness.js';

let store: Store;

beforeAll(() => {
  store = new Store();
  store.importBusybox();
});

afterAll(() => store.destroy());

const run = (...args: string[]) => store.skiff(['run', '--rm', ...args]);
const status = (field: string, ...flags: string[]) =>
  run(...flags, 'localhost/busybox', 'grep', field, '/proc/self/status').stdout.trim();

describe('skiff run', () => {
  it('prints what the container prints and exits with its status', () => {
    expect(run('localhost/busybox', 'echo', 'hi')).toMatchObject({ code: 0, stdout: 'hi\n' });
    expect(run('localhost/busybox', 'sh', '-c', 'exit 3').code).toBe(3);
  });

  it('finds the image by its short name and leaves the container flags to the command', () => {
    const result = run('busybox', 'ls', '-d', '/bin');
    expect(result).toMatchObject({ code: 0, stdout: '/bin\n' });
  });

  it('exits 127 when the command does not exist and 126 when it cannot be executed', () => {
    const missing = run('localhost/busybox', 'no-such-command');
    expect(missing.code).toBe(127);
    expect(missing.stderr).toMatch(/^Error: .*executable file not found/);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);

    const notExecutable = run('localhost/busybox', '/etc/passwd');
    expect(notExecutable.code).toBe(126);
    expect(notExecutable.stderr).toMatch(/^Error: .*permission denied/);
  });

  it('removes the container with --rm and leaves no runtime state or mount behind', () => {
    run('--name', 'gone', 'localhost/busybox', 'true');
    expect(store.skiff(['ps', '-a']).stdout).not.toContain('gone');
    expect(store.skiff(['inspect', 'gone']).code).toBe(125);
    expect(runcContainers(store.runroot)).toEqual([]);
    expect(mountsUnder(store.dir)).toEqual([]);
  });

  it('applies -e, --env-file, -w, -u, --entrypoint and --hostname', () => {
    const envFile = join(store.dir, 'env');
    writeFileSync(envFile, '# comment\nFROM_FILE=1\nSHARED=file\n');
    const env = run(
      '-e',
      'A=b',
      '--env-file',
      envFile,
      '-e',
      'SHARED=flag',
      'localhost/busybox',
      'env',
    );
    expect(env.stdout).toContain('A=b\n');
    expect(env.stdout).toContain('FROM_FILE=1\n');
    expect(env.stdout).toContain('SHARED=flag\n');
    expect(env.stdout).toContain('container=podman\n');

    expect(run('-w', '/tmp', 'localhost/busybox', 'pwd').stdout).toBe('/tmp\n');
    expect(run('-u', 'user', 'localhost/busybox', 'id').stdout).toMatch(
      /^uid=1000\(user\) gid=1000/,
    );
    expect(run('-u', '1234:5678', 'localhost/busybox', 'id', '-u').stdout).toBe('1234\n');
    expect(run('--entrypoint', 'echo', 'localhost/busybox', 'from', 'entrypoint').stdout).toBe(
      'from entrypoint\n',
    );
    expect(run('--entrypoint', '["sh","-c"]', 'localhost/busybox', 'echo json').stdout).toBe(
      'json\n',
    );
    expect(run('--hostname', 'boat', 'localhost/busybox', 'hostname').stdout).toBe('boat\n');
    expect(run('-h', 'boat2', 'localhost/busybox', 'cat', '/etc/hostname').stdout).toBe('boat2\n');
  });

  it('makes the root file system read-only with --read-only but keeps /tmp writable', () => {
    const result = run(
      '--read-only',
      'localhost/busybox',
      'sh',
      '-c',
      'touch /x; echo $?; touch /tmp/x && echo tmp',
    );
    expect(result.stdout).toBe('1\ntmp\n');
  });

  it('changes the capability set with --cap-add, --cap-drop and --privileged', () => {
    const mask = (text: string) => BigInt(`0x${text.split(/\s+/)[1]}`);
    const base = mask(status('CapBnd'));
    const netAdmin = 1n << 12n;
    const chown = 1n << 0n;
    expect(base & netAdmin).toBe(0n);
    expect(base & chown).toBe(chown);
    expect(mask(status('CapBnd', '--cap-add', 'NET_ADMIN')) & netAdmin).toBe(netAdmin);
    expect(mask(status('CapBnd', '--cap-drop', 'chown')) & chown).toBe(0n);
    expect(mask(status('CapBnd', '--cap-drop', 'ALL'))).toBe(0n);
    expect(mask(status('CapBnd', '--privileged')) & netAdmin).toBe(netAdmin);
  });

  it('confines the container with the default seccomp profile unless told otherwise', () => {
    expect(status('Seccomp:')).toBe('Seccomp:\t2');
    expect(status('Seccomp:', '--security-opt', 'seccomp=unconfined')).toBe('Seccomp:\t0');
    expect(status('Seccomp:', '--privileged')).toBe('Seccomp:\t0');
  });

  it('honours a custom seccomp profile file', () => {
    const profile = join(store.dir, 'deny-mkdir.json');
    writeFileSync(
      profile,
      JSON.stringify({
        defaultAction: 'SCMP_ACT_ALLOW',
        syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
      }),
    );
    const result = run(
      '--security-opt',
      `seccomp=${profile}`,
      'localhost/busybox',
      'mkdir',
      '/tmp/d',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Operation not permitted');
  });

  it('sets rlimits from --ulimit and caps the defaults at the caller hard limit', () => {
    expect(
      run('--ulimit', 'nofile=512:1024', 'localhost/busybox', 'sh', '-c', 'ulimit -n').stdout,
    ).toBe('512\n');
    const hard = Number(run('localhost/busybox', 'sh', '-c', 'ulimit -Hn').stdout);
    expect(hard).toBeGreaterThan(0);
    expect(hard).toBeLessThanOrEqual(1048576);
  });

  it('fails with 126, as Podman does, when runc cannot apply a limit above the caller hard limit', () => {
    const result = run('--ulimit', 'nofile=30000:30000', 'localhost/busybox', 'true');
    expect(result.code).toBe(126);
    expect(result.stderr).toMatch(/^Error: runc: .*rlimit/);
  });

  it('passes --help after the image to the container command', () => {
    expect(run('localhost/busybox', 'echo', '--help')).toMatchObject({
      code: 0,
      stdout: '--help\n',
    });
    const help = store.skiff(['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('\nUsage:\n  skiff run [options] IMAGE [COMMAND [ARG...]]\n');
  });

  it('gives the container /dev/null as stdin unless -i is given', () => {
    const piped = (...flags: string[]) =>
      store.skiff(['run', '--rm', ...flags, 'localhost/busybox', 'cat'], { input: 'piped\n' });
    expect(piped()).toMatchObject({ code: 0, stdout: '' });
    expect(piped('-i')).toMatchObject({ code: 0, stdout: 'piped\n' });
  });
});
