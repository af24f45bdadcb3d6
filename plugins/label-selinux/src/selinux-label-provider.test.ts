import 'reflect-metadata';

import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SkiffError } from '@skiff/contracts';
import type { HostFacts, LabelReservations } from '@skiff/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { MemoryLabelReservations } from '@skiff/contracts/testing';
import type { ContextsFileLocations } from './contexts-file.js';
import { McsLevels } from './mcs-levels.js';
import { RelabelPolicy } from './relabel-policy.js';
import { SelinuxLabelProvider } from './selinux-label-provider.js';

const NO_SELINUX: HostFacts = { selinuxEnabled: false, arch: 'amd64', hardLimits: {} };
const NOWHERE: ContextsFileLocations = {
  containersPath: '/nonexistent/skiff/contexts',
  selinuxDir: '/nonexistent/skiff/selinux',
};
const LEVEL = /^s0:c(\d+),c(\d+)$/;
const PRIVILEGED_MOUNT = 'system_u:object_r:container_file_t:s0:c1022,c1023';
const IS_ROOT = process.getuid?.() === 0;

interface TestSettings {
  locations?: ContextsFileLocations;
  categoryRange?: number;
  policy?: RelabelPolicy;
}

// Points the provider at test contexts, a smaller category range or a fixed relabel policy.
class TestSelinuxLabelProvider extends SelinuxLabelProvider {
  constructor(
    reservations: LabelReservations,
    private readonly settings: TestSettings = {},
    host: HostFacts = NO_SELINUX,
  ) {
    super(reservations, host);
  }

  protected override contextsLocations(): ContextsFileLocations {
    return this.settings.locations ?? NOWHERE;
  }

  protected override categoryRange(): number {
    return this.settings.categoryRange ?? super.categoryRange();
  }

  protected override relabelPolicy(): Promise<RelabelPolicy> {
    return this.settings.policy ? Promise.resolve(this.settings.policy) : super.relabelPolicy();
  }
}

function levelOf(label: string): string {
  return label.split(':').slice(3).join(':');
}

async function thrownBy(promise: Promise<unknown>): Promise<SkiffError> {
  try {
    await promise;
  } catch (error) {
    if (SkiffError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a SkiffError');
}

function labelOf(path: string): string | undefined {
  const args = ['-h', '--absolute-names', '--only-values', '-n', 'security.selinux', '--', path];
  const result = spawnSync('getfattr', args);
  return result.status === 0 ? result.stdout.toString('utf8') : undefined;
}

describe('SelinuxLabelProvider kernelEnforced', () => {
  it('follows whether the host has SELinux', () => {
    const reservations = new MemoryLabelReservations();
    const on = { ...NO_SELINUX, selinuxEnabled: true };

    expect(new TestSelinuxLabelProvider(reservations).kernelEnforced).toBe(false);
    expect(new TestSelinuxLabelProvider(reservations, {}, on).kernelEnforced).toBe(true);
  });
});

describe('SelinuxLabelProvider.allocate with the container-selinux defaults', () => {
  let reservations: MemoryLabelReservations;
  let provider: SelinuxLabelProvider;

  beforeEach(() => {
    reservations = new MemoryLabelReservations();
    provider = new TestSelinuxLabelProvider(reservations);
  });

  it('allocates even without SELinux on the host: [] gives container_t and container_file_t at L', async () => {
    const { processLabel, mountLabel } = await provider.allocate({ owner: 'c', options: [] });
    const level = levelOf(processLabel);

    expect(level).toMatch(LEVEL);
    expect(processLabel).toBe(`system_u:system_r:container_t:${level}`);
    expect(mountLabel).toBe(`system_u:object_r:container_file_t:${level}`);
    expect(reservations.owners(level)).toEqual(['c']);
  });

  it('["type:spc_t"] changes the process type only and keeps L reserved', async () => {
    const report = await provider.allocate({ owner: 'c', options: ['type:spc_t'] });
    const level = levelOf(report.processLabel);

    expect(report.processLabel).toBe(`system_u:system_r:spc_t:${level}`);
    expect(report.mountLabel).toBe(`system_u:object_r:container_file_t:${level}`);
    expect(reservations.heldBy('c')).toEqual([level]);
  });

  it('["level:s0:c1,c2"] ends both labels in :s0:c1,c2 and swaps the reservation', async () => {
    const report = await provider.allocate({ owner: 'c', options: ['level:s0:c1,c2'] });

    expect(report.processLabel).toBe('system_u:system_r:container_t:s0:c1,c2');
    expect(report.mountLabel).toBe('system_u:object_r:container_file_t:s0:c1,c2');
    expect(reservations.levels()).toEqual(['s0:c1,c2']);
  });

  it('["user:user_u","role:user_r","type:user_t","level:s0:c1,c15"] gives the full user context', async () => {
    const options = ['user:user_u', 'role:user_r', 'type:user_t', 'level:s0:c1,c15'];
    const report = await provider.allocate({ owner: 'c', options });

    expect(report).toEqual({
      processLabel: 'user_u:user_r:user_t:s0:c1,c15',
      mountLabel: 'user_u:object_r:container_file_t:s0:c1,c15',
    });
  });

  it('["filetype:test_file_t","level:s0:c1,c15"] changes the mount type only', async () => {
    const options = ['filetype:test_file_t', 'level:s0:c1,c15'];
    const report = await provider.allocate({ owner: 'c', options });

    expect(report).toEqual({
      processLabel: 'system_u:system_r:container_t:s0:c1,c15',
      mountLabel: 'system_u:object_r:test_file_t:s0:c1,c15',
    });
  });

  it('["disable"] gives no process label, the privileged mount label, and frees L', async () => {
    const report = await provider.allocate({ owner: 'c', options: ['disable'] });

    expect(report).toEqual({ processLabel: '', mountLabel: PRIVILEGED_MOUNT });
    expect(reservations.levels()).toEqual([]);
  });

  it('never examines options after disable', async () => {
    const report = await provider.allocate({ owner: 'c', options: ['disable', 'bogus'] });

    expect(report).toEqual({ processLabel: '', mountLabel: PRIVILEGED_MOUNT });
  });

  it('validates options before disable', async () => {
    const error = await thrownBy(provider.allocate({ owner: 'c', options: ['bogus', 'disable'] }));

    expect(error.code).toBe('InvalidArgument');
    expect(reservations.levels()).toEqual([]);
  });

  it('lets a later option override an earlier one for the same key', async () => {
    const options = ['type:a_t', 'level:s0:c3,c4', 'type:b_t', 'level:s0:c5,c6'];
    const report = await provider.allocate({ owner: 'c', options });

    expect(report.processLabel).toBe('system_u:system_r:b_t:s0:c5,c6');
    expect(reservations.levels()).toEqual(['s0:c5,c6']);
  });

  it('sets role on the process label only and user on both', async () => {
    const report = await provider.allocate({ owner: 'c', options: ['role:r_r', 'user:u_u'] });
    const level = levelOf(report.processLabel);

    expect(report.processLabel).toBe(`u_u:r_r:container_t:${level}`);
    expect(report.mountLabel).toBe(`u_u:object_r:container_file_t:${level}`);
  });

  it('silently ignores the key disable with a value, as v1.10.2 does', async () => {
    const report = await provider.allocate({ owner: 'c', options: ['disable:foo'] });

    expect(report.processLabel).toMatch(/^system_u:system_r:container_t:s0:c\d+,c\d+$/);
    expect(reservations.heldBy('c')).toEqual([levelOf(report.processLabel)]);
  });

  it('drops the level from both labels for an empty level and reserves nothing', async () => {
    const report = await provider.allocate({ owner: 'c', options: ['level:'] });

    expect(report).toEqual({
      processLabel: 'system_u:system_r:container_t',
      mountLabel: 'system_u:object_r:container_file_t',
    });
    expect(reservations.levels()).toEqual([]);
  });

  it('lets two containers share a level the user chose, without an error', async () => {
    await provider.allocate({ owner: 'a', options: ['level:s0:c1,c2'] });
    await provider.allocate({ owner: 'b', options: ['level:s0:c1,c2'] });

    expect(reservations.owners('s0:c1,c2')).toEqual(['a', 'b']);
  });

  it('accepts a user level that another container holds exclusively', async () => {
    const first = await provider.allocate({ owner: 'a', options: [] });
    const level = levelOf(first.processLabel);

    const second = await provider.allocate({ owner: 'b', options: [`level:${level}`] });

    expect(levelOf(second.mountLabel)).toBe(level);
    expect(reservations.owners(level)).toEqual(['a', 'b']);
  });
});

describe('SelinuxLabelProvider.allocate errors', () => {
  let reservations: MemoryLabelReservations;
  let provider: SelinuxLabelProvider;

  beforeEach(() => {
    reservations = new MemoryLabelReservations();
    provider = new TestSelinuxLabelProvider(reservations);
  });

  it('rejects an option without a colon with the exact v1.10.2 text, newline included', async () => {
    const error = await thrownBy(provider.allocate({ owner: 'c', options: ['bogus'] }));

    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toBe(
      `Bad label option "bogus", valid options 'disable' or \n` +
        `'user, role, level, type, filetype' followed by ':' and a value`,
    );
  });

  it('rejects an unknown key quoting only the key', async () => {
    const error = await thrownBy(provider.allocate({ owner: 'c', options: ['foo:bar:baz'] }));

    expect(error.message).toBe(
      `Bad label option "foo", valid options 'disable, user, role, level, type, filetype'`,
    );
  });

  it('rejects the empty option and nested, which 4.3.1 does not know', async () => {
    const empty = await thrownBy(provider.allocate({ owner: 'c', options: [''] }));
    const nested = await thrownBy(provider.allocate({ owner: 'c', options: ['nested'] }));

    expect(empty.message).toMatch(/^Bad label option "", valid options 'disable' or \n/);
    expect(nested.message).toMatch(/^Bad label option "nested"/);
  });

  it('quotes the option as Go does', async () => {
    const error = await thrownBy(provider.allocate({ owner: 'c', options: ['a"b\tc'] }));

    expect(error.message).toMatch(/^Bad label option "a\\"b\\tc", /);
  });

  it('checks keys case-sensitively', async () => {
    const error = await thrownBy(provider.allocate({ owner: 'c', options: ['TYPE:x_t'] }));

    expect(error.message).toMatch(/^Bad label option "TYPE", /);
  });

  it('releases the fresh level on an error so that it can be drawn again', async () => {
    const tight = new TestSelinuxLabelProvider(reservations, { categoryRange: 2 });

    await expect(tight.allocate({ owner: 'a', options: ['type:x_t', 'bogus'] })).rejects.toThrow(
      'Bad label option',
    );
    expect(reservations.levels()).toEqual([]);

    const report = await tight.allocate({ owner: 'b', options: [] });
    expect(levelOf(report.processLabel)).toBe('s0:c0,c1');
  });
});

describe('SelinuxLabelProvider level space', () => {
  it('gives at most 6 distinct levels with a category range of 4, then fails clearly', async () => {
    const reservations = new MemoryLabelReservations();
    const provider = new TestSelinuxLabelProvider(reservations, { categoryRange: 4 });

    const levels: string[] = [];
    for (let i = 0; i < 6; i++) {
      const report = await provider.allocate({ owner: `c${i}`, options: [] });
      levels.push(levelOf(report.processLabel));
    }
    const error = await thrownBy(provider.allocate({ owner: 'c6', options: [] }));

    expect(new Set(levels).size).toBe(6);
    expect(error.code).toBe('Storage');
    expect(error.message).toContain('no free MCS level');
  });

  it('allocates again once a container of an exhausted range is released', async () => {
    const reservations = new MemoryLabelReservations();
    const provider = new TestSelinuxLabelProvider(reservations, { categoryRange: 4 });
    for (let i = 0; i < 6; i++) await provider.allocate({ owner: `c${i}`, options: [] });
    await expect(provider.allocate({ owner: 'late', options: [] })).rejects.toThrow(
      'no free MCS level: all 6 category pairs of c0..c3 are reserved',
    );
    expect(reservations.heldBy('late')).toEqual([]);
    const freed = reservations.heldBy('c3')[0];

    await provider.release('c3');
    const report = await provider.allocate({ owner: 'late', options: [] });

    expect(levelOf(report.processLabel)).toBe(freed);
    expect(reservations.levels()).toHaveLength(6);
  });

  it('lets a released container level be allocated again', async () => {
    const reservations = new MemoryLabelReservations();
    const provider = new TestSelinuxLabelProvider(reservations, { categoryRange: 3 });
    const reports = await Promise.all(
      ['a', 'b', 'c'].map((owner) => provider.allocate({ owner, options: [] })),
    );

    await provider.release('b');
    const again = await provider.allocate({ owner: 'd', options: [] });

    expect(again.processLabel).toBe(reports[1].processLabel);
  });

  it('gives the same level to process and mount labels every time', async () => {
    const provider = new TestSelinuxLabelProvider(new MemoryLabelReservations());

    for (let i = 0; i < 100; i++) {
      const report = await provider.allocate({ owner: `c${i}`, options: [] });
      expect(levelOf(report.mountLabel)).toBe(levelOf(report.processLabel));
      expect(levelOf(report.processLabel)).not.toBe(McsLevels.PRIVILEGED_LEVEL);
    }
  });
});

describe('SelinuxLabelProvider.allocate with other contexts files', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skiff-label-contexts-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function providerFor(text: string, reservations = new MemoryLabelReservations()) {
    const containersPath = join(dir, 'contexts');
    await writeFile(containersPath, text);
    const locations = { containersPath, selinuxDir: join(dir, 'selinux') };
    return new TestSelinuxLabelProvider(reservations, { locations });
  }

  it('uses the labels of the contexts file', async () => {
    const provider = await providerFor('process = "u:r:p_t:s0"\nfile = "u:object_r:f_t:s0"\n');

    const report = await provider.allocate({ owner: 'c', options: [] });

    expect(report.processLabel).toMatch(/^u:r:p_t:s0:c\d+,c\d+$/);
    expect(report.mountLabel).toBe(`u:object_r:f_t:${levelOf(report.processLabel)}`);
  });

  it('adds no level and reserves nothing when the process label has no level', async () => {
    const reservations = new MemoryLabelReservations();
    const provider = await providerFor(
      'process = u:r:p_t\nfile = u:object_r:f_t:s0\n',
      reservations,
    );

    const report = await provider.allocate({ owner: 'c', options: [] });

    expect(report).toEqual({ processLabel: 'u:r:p_t', mountLabel: 'u:object_r:f_t:s0' });
    expect(reservations.levels()).toEqual([]);
  });

  it('returns only the file label, without looking at options, when process is missing', async () => {
    const provider = await providerFor('file = u:object_r:f_t:s0\n');

    const report = await provider.allocate({ owner: 'c', options: ['bogus'] });

    expect(report).toEqual({ processLabel: '', mountLabel: 'u:object_r:f_t:s0' });
  });

  it('returns empty labels when file is missing', async () => {
    const provider = await providerFor('process = u:r:p_t:s0\n');

    expect(await provider.allocate({ owner: 'c', options: [] })).toEqual({
      processLabel: '',
      mountLabel: '',
    });
  });

  it('derives the privileged mount label of disable from the file label', async () => {
    const provider = await providerFor('process = u:r:p_t:s0\nfile = u:object_r:f_t:s0\n');

    expect(await provider.allocate({ owner: 'c', options: ['disable'] })).toEqual({
      processLabel: '',
      mountLabel: 'u:object_r:f_t:s0:c1022,c1023',
    });
  });

  it('reports a malformed process label as a configuration error', async () => {
    const provider = await providerFor('process = broken\nfile = u:object_r:f_t:s0\n');

    const error = await thrownBy(provider.allocate({ owner: 'c', options: [] }));

    expect(error.code).toBe('Config');
    expect(SkiffError.chain(error).at(-1)).toBe('Invalid Label');
  });
});

describe('SelinuxLabelProvider.allocate for init systems and KVM runtimes', () => {
  let dir: string;
  let reservations: MemoryLabelReservations;
  let provider: SelinuxLabelProvider;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skiff-label-kind-'));
    reservations = new MemoryLabelReservations();
    provider = new TestSelinuxLabelProvider(reservations);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function providerFor(text: string): Promise<SelinuxLabelProvider> {
    const containersPath = join(dir, 'contexts');
    await writeFile(containersPath, text);
    const locations = { containersPath, selinuxDir: join(dir, 'selinux') };
    return new TestSelinuxLabelProvider(reservations, { locations });
  }

  it('gives an init process container_init_t at its reserved level, files unchanged', async () => {
    const report = await provider.allocate({ owner: 'c', options: [], processKind: 'init' });
    const level = levelOf(report.processLabel);

    expect(level).toMatch(LEVEL);
    expect(report.processLabel).toBe(`system_u:system_r:container_init_t:${level}`);
    expect(report.mountLabel).toBe(`system_u:object_r:container_file_t:${level}`);
    expect(reservations.heldBy('c')).toEqual([level]);
  });

  it('gives a KVM process container_kvm_t at its reserved level', async () => {
    const report = await provider.allocate({ owner: 'c', options: [], processKind: 'kvm' });
    const level = levelOf(report.processLabel);

    expect(report.processLabel).toBe(`system_u:system_r:container_kvm_t:${level}`);
    expect(levelOf(report.mountLabel)).toBe(level);
  });

  it('keeps container_t for an ordinary process, named or not', async () => {
    const named = await provider.allocate({ owner: 'a', options: [], processKind: 'container' });
    const unnamed = await provider.allocate({ owner: 'b', options: [] });

    expect(named.processLabel).toMatch(/^system_u:system_r:container_t:s0:c\d+,c\d+$/);
    expect(unnamed.processLabel).toMatch(/^system_u:system_r:container_t:s0:c\d+,c\d+$/);
  });

  it('keeps the user, role and level the options chose', async () => {
    const options = ['user:user_u', 'role:user_r', 'level:s0:c1,c15'];

    const report = await provider.allocate({ owner: 'c', options, processKind: 'init' });

    expect(report).toEqual({
      processLabel: 'user_u:user_r:container_init_t:s0:c1,c15',
      mountLabel: 'user_u:object_r:container_file_t:s0:c1,c15',
    });
    expect(reservations.owners('s0:c1,c15')).toEqual(['c']);
  });

  it('lets a type: option win over the init and KVM types', async () => {
    for (const processKind of ['init', 'kvm'] as const) {
      const report = await provider.allocate({
        owner: processKind,
        options: ['type:spc_t'],
        processKind,
      });

      expect(report.processLabel).toMatch(/^system_u:system_r:spc_t:s0:c\d+,c\d+$/);
    }
  });

  it("keeps the type for a filetype: option too, as Podman's substring test on type: does", async () => {
    const options = ['filetype:test_file_t'];

    const report = await provider.allocate({ owner: 'c', options, processKind: 'init' });

    expect(report.processLabel).toMatch(/^system_u:system_r:container_t:s0:c\d+,c\d+$/);
    expect(report.mountLabel).toMatch(/^system_u:object_r:test_file_t:s0:c\d+,c\d+$/);
  });

  it('leaves a disabled label empty', async () => {
    for (const processKind of ['init', 'kvm'] as const) {
      const report = await provider.allocate({ owner: 'c', options: ['disable'], processKind });

      expect(report).toEqual({ processLabel: '', mountLabel: PRIVILEGED_MOUNT });
    }
    expect(reservations.levels()).toEqual([]);
  });

  it("takes only the type of the contexts file's init_process and kvm_process labels", async () => {
    const kinds = await providerFor(
      'process = u:r:p_t:s0\nfile = u:object_r:f_t:s0\n' +
        'init_process = other_u:other_r:my_init_t:s9\nkvm_process = x_u:x_r:my_kvm_t\n',
    );

    const init = await kinds.allocate({ owner: 'a', options: [], processKind: 'init' });
    const kvm = await kinds.allocate({ owner: 'b', options: [], processKind: 'kvm' });

    expect(init.processLabel).toMatch(/^u:r:my_init_t:s0:c\d+,c\d+$/);
    expect(kvm.processLabel).toMatch(/^u:r:my_kvm_t:s0:c\d+,c\d+$/);
  });

  it('falls back to the process type when the contexts file has no init or KVM label', async () => {
    const minimal = await providerFor('process = u:r:p_t:s0\nfile = u:object_r:f_t:s0\n');

    for (const processKind of ['init', 'kvm'] as const) {
      const report = await minimal.allocate({ owner: processKind, options: [], processKind });

      expect(report.processLabel).toMatch(/^u:r:p_t:s0:c\d+,c\d+$/);
    }
  });

  it('swaps the type of a label without a level, reserving nothing', async () => {
    const noMls = await providerFor(
      'process = u:r:p_t\nfile = u:object_r:f_t\ninit_process = u:r:i_t\n',
    );

    const report = await noMls.allocate({ owner: 'c', options: [], processKind: 'init' });

    expect(report).toEqual({ processLabel: 'u:r:i_t', mountLabel: 'u:object_r:f_t' });
    expect(reservations.levels()).toEqual([]);
  });

  it('gives no process label when the contexts file has none', async () => {
    const noProcess = await providerFor('file = u:object_r:f_t:s0\ninit_process = u:r:i_t:s0\n');

    const report = await noProcess.allocate({ owner: 'c', options: [], processKind: 'init' });

    expect(report).toEqual({ processLabel: '', mountLabel: 'u:object_r:f_t:s0' });
  });

  it('reports a malformed init_process label as a configuration error and frees the level', async () => {
    const broken = await providerFor(
      'process = u:r:p_t:s0\nfile = u:object_r:f_t:s0\ninit_process = broken\n',
    );

    const error = await thrownBy(broken.allocate({ owner: 'c', options: [], processKind: 'init' }));

    expect(error.code).toBe('Config');
    expect(SkiffError.chain(error).at(-1)).toBe('Invalid Label');
    expect(reservations.levels()).toEqual([]);
  });
});

// go-selinux v1.10.2's list of paths a relabel refuses, with the engine's $HOME of the tests.
const REFUSED = [
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/etc/passwd',
  '/etc/pki',
  '/etc/shadow',
  '/home',
  '/lib',
  '/lib64',
  '/media',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/tmp',
  '/usr',
  '/var',
  '/var/lib',
  '/var/log',
  '/home/someone',
];

describe('SelinuxLabelProvider.relabel checks', () => {
  const LABEL = 'system_u:object_r:container_file_t:s0:c5,c9';
  const provider = new TestSelinuxLabelProvider(new MemoryLabelReservations(), {
    policy: new RelabelPolicy({ home: '/home/someone' }),
  });

  it.each(REFUSED)('refuses to relabel %s, private or shared', async (path) => {
    for (const shared of [false, true]) {
      const error = await thrownBy(provider.relabel({ path, mountLabel: LABEL, shared }));

      expect(error.code).toBe('InvalidArgument');
      expect(error.message).toBe(`SELinux relabeling of ${path} is not allowed`);
    }
  });

  it.each(REFUSED.filter((path) => path !== '/'))(
    'refuses %s/ naming the path without the slash',
    async (path) => {
      const error = await thrownBy(
        provider.relabel({ path: `${path}/`, mountLabel: LABEL, shared: true }),
      );

      expect(error.message).toBe(`SELinux relabeling of ${path} is not allowed`);
    },
  );

  it('refuses a listed path before looking at a shared label that does not parse', async () => {
    const error = await thrownBy(
      provider.relabel({ path: '/usr', mountLabel: 'bad', shared: true }),
    );

    expect(error.message).toBe('SELinux relabeling of /usr is not allowed');
  });

  it('rejects a shared label that does not parse before an empty path', async () => {
    const error = await thrownBy(provider.relabel({ path: '', mountLabel: 'bad', shared: true }));

    expect(error.message).toBe('Invalid Label');
  });

  it('refuses the home directory of $SUDO_USER as read from the environment', async () => {
    // Debian's nobody lives in /nonexistent, which nothing else refuses.
    vi.stubEnv('SUDO_USER', 'nobody');
    try {
      const fromEnv = new TestSelinuxLabelProvider(new MemoryLabelReservations());
      const error = await thrownBy(
        fromEnv.relabel({ path: '/nonexistent/', mountLabel: LABEL, shared: false }),
      );

      expect(error.message).toBe('SELinux relabeling of /nonexistent is not allowed');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses $HOME as read from the environment', async () => {
    const home = await mkdtemp(join(tmpdir(), 'skiff-home-'));
    vi.stubEnv('HOME', home);
    try {
      const fromEnv = new TestSelinuxLabelProvider(new MemoryLabelReservations());
      const error = await thrownBy(
        fromEnv.relabel({ path: home, mountLabel: LABEL, shared: false }),
      );

      expect(error.message).toBe(`SELinux relabeling of ${home} is not allowed`);
      const slashed = await thrownBy(
        fromEnv.relabel({ path: `${home}/`, mountLabel: LABEL, shared: true }),
      );
      expect(slashed.message).toBe(`SELinux relabeling of ${home} is not allowed`);
    } finally {
      vi.unstubAllEnvs();
      await rm(home, { recursive: true, force: true });
    }
  });

  it('fails with empty path for an empty path and a label', async () => {
    const error = await thrownBy(provider.relabel({ path: '', mountLabel: LABEL, shared: false }));

    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toBe('empty path');
  });

  it('rejects a shared relabel with a label that does not parse', async () => {
    const error = await thrownBy(provider.relabel({ path: '/x', mountLabel: 'bad', shared: true }));

    expect(error.message).toBe('Invalid Label');
  });

  it('does nothing with an empty label before any check, even for /', async () => {
    await expect(provider.relabel({ path: '/', mountLabel: '', shared: true })).resolves.toBe(
      undefined,
    );
  });
});

describe.skipIf(!IS_ROOT)('SelinuxLabelProvider.relabel on disk (needs root)', () => {
  const PRIVATE = 'system_u:object_r:container_file_t:s0:c5,c9';
  let dir: string;
  let provider: SelinuxLabelProvider;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skiff-relabel-'));
    await mkdir(join(dir, 'vol', 'sub'), { recursive: true });
    await writeFile(join(dir, 'vol', 'sub', 'file'), 'x');
    provider = new TestSelinuxLabelProvider(new MemoryLabelReservations(), {
      policy: new RelabelPolicy(),
    });
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives a private (Z) relabel the label as it is', async () => {
    await provider.relabel({ path: join(dir, 'vol'), mountLabel: PRIVATE, shared: false });

    expect(labelOf(join(dir, 'vol'))).toBe(PRIVATE);
    expect(labelOf(join(dir, 'vol', 'sub', 'file'))).toBe(PRIVATE);
  });

  it('moves a shared (z) relabel to level s0', async () => {
    await provider.relabel({ path: join(dir, 'vol'), mountLabel: PRIVATE, shared: true });

    expect(labelOf(join(dir, 'vol', 'sub'))).toBe('system_u:object_r:container_file_t:s0');
  });

  it('appends level s0 to a shared label that had no level', async () => {
    await provider.relabel({ path: join(dir, 'vol'), mountLabel: 'u:object_r:f_t', shared: true });

    expect(labelOf(join(dir, 'vol'))).toBe('u:object_r:f_t:s0');
  });

  it('relabels an allowed path given with a trailing slash', async () => {
    await provider.relabel({ path: `${join(dir, 'vol')}/`, mountLabel: PRIVATE, shared: false });

    expect(labelOf(join(dir, 'vol', 'sub', 'file'))).toBe(PRIVATE);
  });

  it('fails with a storage error when the path does not exist', async () => {
    const missing = join(dir, 'missing');

    const error = await thrownBy(
      provider.relabel({ path: missing, mountLabel: PRIVATE, shared: false }),
    );

    expect(error.code).toBe('Storage');
    expect(error.message).toBe(`relabeling ${missing}`);
  });

  it('fails with a storage error naming the cause where the file system has no labels', async () => {
    const path = '/proc/self/status';

    const error = await thrownBy(provider.relabel({ path, mountLabel: PRIVATE, shared: false }));

    expect(error.code).toBe('Storage');
    expect(SkiffError.chain(error).join(': ')).toContain(
      'the file system does not support SELinux labels',
    );
  });
});
