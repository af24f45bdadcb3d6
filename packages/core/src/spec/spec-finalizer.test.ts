import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type {
  ContainerCreateOptions,
  ImageRecord,
  OciImageRunConfig,
  OciSpec,
} from '@skiff/contracts';
import { SkiffError } from '@skiff/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { StoredContainer } from '../state/container-store.js';
import { createOptions } from '../testing/create-options.js';
import { parseUlimit } from './rlimits.js';
import { finalizeSpec, serializeSpec, type FinalizeInputs } from './spec-finalizer.js';
import { keepIdMappings } from './user-namespace.js';

const ID = `fedcba987654${'0'.repeat(52)}`;
const IMAGE_ID = `1234567890ab${'9'.repeat(52)}`;
const CAPS = ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_BIND_SERVICE'];
const PROCESS_LABEL = 'system_u:system_r:container_t:s0:c1,c2';
const MOUNT_LABEL = 'system_u:object_r:container_file_t:s0:c1,c2';

let dir: string;
let rootfs: string;
let bundle: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-core-finalize-'));
  rootfs = join(dir, 'rootfs');
  bundle = join(dir, 'bundle');
  mkdirSync(join(rootfs, 'etc'), { recursive: true });
  mkdirSync(join(rootfs, 'srv'));
  mkdirSync(bundle);
  writeFileSync(
    join(rootfs, 'etc', 'passwd'),
    'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n',
  );
  writeFileSync(join(rootfs, 'etc', 'group'), 'root:x:0:\napp:x:1000:\nwheel:x:10:app\n');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function baseSpec(): OciSpec {
  return {
    ociVersion: '1.0.2-dev',
    process: {
      user: { uid: 0, gid: 0, umask: 0o022 },
      args: ['/bin/sh'],
      env: ['PATH=/bin', 'HOSTNAME=box'],
      cwd: '/srv',
      capabilities: {
        bounding: CAPS,
        effective: CAPS,
        inheritable: [],
        permitted: CAPS,
        ambient: [],
      },
      rlimits: [],
    },
    root: { path: '' },
    hostname: 'box',
    mounts: [{ destination: '/proc', type: 'proc', source: 'proc', options: [] }],
    linux: { namespaces: [] },
  };
}

interface Setup {
  options?: Partial<ContainerCreateOptions>;
  image?: OciImageRunConfig;
  spec?: Partial<OciSpec['process']>;
  labels?: boolean;
  kernelEnforced?: boolean;
  linux?: Partial<OciSpec['linux']>;
  extra?: Partial<FinalizeInputs>;
}

function inputs(setup: Setup = {}): FinalizeInputs {
  const spec = baseSpec();
  Object.assign(spec.process, setup.spec ?? {});
  Object.assign(spec.linux, setup.linux ?? {});
  const options = createOptions(setup.options);
  const container: StoredContainer = {
    id: ID,
    name: 'web',
    imageId: IMAGE_ID,
    imageName: 'localhost/app:latest',
    created: '2024-01-01T00:00:00Z',
    command: spec.process.args,
    options,
    spec,
    processLabel: setup.labels ? PROCESS_LABEL : '',
    mountLabel: setup.labels ? MOUNT_LABEL : '',
    runtime: 'runc',
    state: { status: 'created', exitCode: 0, pid: 0 },
    provenance: [
      { path: 'process.args', source: 'image', origin: 'Cmd' },
      { path: 'mounts', source: 'engine', origin: 'default mounts' },
      { path: 'process.cwd', source: 'image', origin: 'WorkingDir' },
    ],
  };
  const image: ImageRecord = {
    id: IMAGE_ID,
    names: ['localhost/app:latest'],
    digest: `sha256:${'a'.repeat(64)}`,
    created: '2024-01-01T00:00:00Z',
    size: 0,
    layers: [],
    config: {
      architecture: 'amd64',
      os: 'linux',
      config: setup.image ?? {},
      rootfs: { type: 'layers', diff_ids: [] },
    },
  };
  return {
    container,
    image,
    rootfs,
    bundle,
    kernelEnforced: setup.kernelEnforced ?? false,
    labelOrigin: 'label provider selinux',
    ...setup.extra,
  };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (SkiffError.is(error) && error.code === 'InvalidArgument') return error.message;
    throw error;
  }
  return expect.unreachable('expected an InvalidArgument');
}

describe('finalizeSpec: user', () => {
  it('runs as root with HOME from passwd when nobody names a user', () => {
    const { spec } = finalizeSpec(inputs());

    expect(spec.process.user).toEqual({ uid: 0, gid: 0, umask: 0o022 });
    expect(spec.process.env).toEqual(['PATH=/bin', 'HOSTNAME=box', 'HOME=/root']);
    expect(spec.process.capabilities?.effective).toEqual(CAPS);
  });

  it('resolves the image user in the container passwd and group files', () => {
    const { spec } = finalizeSpec(inputs({ image: { User: 'app' } }));

    expect(spec.process.user).toEqual({ uid: 1000, gid: 1000, umask: 0o022, additionalGids: [10] });
    expect(spec.process.env).toContain('HOME=/home/app');
  });

  it('prefers --user over the image user', () => {
    const { spec } = finalizeSpec(inputs({ image: { User: 'app' }, options: { user: '0:10' } }));

    expect(spec.process.user).toEqual({ uid: 0, gid: 10, umask: 0o022 });
  });

  it('keeps a HOME the environment already has', () => {
    const { spec } = finalizeSpec(
      inputs({ options: { user: 'app' }, spec: { env: ['HOME=/data', 'PATH=/bin'] } }),
    );

    expect(spec.process.env).toEqual(['HOME=/data', 'PATH=/bin']);
  });

  it('refuses a user the image does not know', () => {
    expect(refusal(() => finalizeSpec(inputs({ options: { user: 'ghost' } })))).toBe(
      'unable to find user ghost: no matching entries in passwd file',
    );
  });

  it('gives a non-root user no capabilities beyond the bounding set', () => {
    const { spec } = finalizeSpec(inputs({ options: { user: 'app' } }));

    expect(spec.process.capabilities).toEqual({
      bounding: CAPS,
      effective: [],
      inheritable: [],
      permitted: [],
      ambient: [],
    });
  });

  it('gives a non-root user the capabilities added for it, ambient so they survive exec', () => {
    const { spec } = finalizeSpec(
      inputs({ options: { user: '1000', capAdd: ['kill', 'SYS_ADMIN'] } }),
    );

    expect(spec.process.capabilities).toEqual({
      bounding: CAPS,
      effective: ['CAP_KILL'],
      inheritable: ['CAP_KILL'],
      permitted: ['CAP_KILL'],
      ambient: ['CAP_KILL'],
    });
  });

  it('gives a non-root user the whole bounding set with --cap-add ALL', () => {
    const { spec } = finalizeSpec(inputs({ options: { user: 'app', capAdd: ['all'] } }));

    expect(spec.process.capabilities?.effective).toEqual(CAPS);
    expect(spec.process.capabilities?.ambient).toEqual(CAPS);
  });

  it('leaves the capabilities of a privileged non-root container alone', () => {
    const { spec } = finalizeSpec(inputs({ options: { user: 'app', privileged: true } }));

    expect(spec.process.capabilities?.effective).toEqual(CAPS);
    expect(spec.process.capabilities?.ambient).toEqual([]);
  });
});

describe('finalizeSpec: working directory', () => {
  it('accepts a working directory that exists', () => {
    const { spec } = finalizeSpec(inputs({ options: { workdir: '/srv' }, spec: { cwd: '/srv' } }));

    expect(spec.process.cwd).toBe('/srv');
  });

  it('refuses a missing working directory the user named', () => {
    const message = refusal(() =>
      finalizeSpec(inputs({ options: { workdir: '/nope' }, spec: { cwd: '/nope' } })),
    );

    expect(message).toBe(`workdir "/nope" does not exist on container ${ID}`);
    expect(existsSync(join(rootfs, 'nope'))).toBe(false);
  });

  it('creates a missing working directory the image named', () => {
    finalizeSpec(inputs({ spec: { cwd: '/srv/data/cache' } }));

    expect(existsSync(join(rootfs, 'srv/data/cache'))).toBe(true);
  });

  it('creates it inside the root file system even through an absolute symlink', () => {
    const outside = join(dir, 'outside');
    mkdirSync(outside);
    symlinkSync(outside, join(rootfs, 'app'));

    finalizeSpec(inputs({ spec: { cwd: '/app/work' } }));

    expect(existsSync(join(outside, 'work'))).toBe(false);
    expect(existsSync(join(rootfs, outside, 'work'))).toBe(true);
  });
});

describe('finalizeSpec: engine files and root', () => {
  it('points root.path at the root file system and records the image', () => {
    const { spec, provenance } = finalizeSpec(inputs());

    expect(spec.root.path).toBe(rootfs);
    expect(provenance).toContainEqual({
      path: 'root.path',
      source: 'engine',
      origin: 'container file system (1234567890ab)',
    });
  });

  it('writes hostname, hosts and .containerenv into the bundle and bind-mounts them', () => {
    const { spec } = finalizeSpec(inputs());

    expect(readFileSync(join(bundle, 'hostname'), 'utf8')).toBe('box\n');
    expect(readFileSync(join(bundle, 'hosts'), 'utf8')).toContain('127.0.1.1\tbox web\n');
    expect(readFileSync(join(bundle, '.containerenv'), 'utf8')).toBe(
      `engine="skiff"\nname="web"\nid="${ID}"\nimage="localhost/app:latest"\n` +
        `imageid="${IMAGE_ID}"\n`,
    );
    expect(spec.mounts.slice(1)).toEqual([
      {
        destination: '/etc/hostname',
        type: 'bind',
        source: join(bundle, 'hostname'),
        options: ['bind', 'rprivate'],
      },
      {
        destination: '/etc/hosts',
        type: 'bind',
        source: join(bundle, 'hosts'),
        options: ['bind', 'rprivate'],
      },
      {
        destination: '/run/.containerenv',
        type: 'bind',
        source: join(bundle, '.containerenv'),
        options: ['bind', 'rprivate'],
      },
    ]);
  });

  it('mounts the engine files read-only in a read-only container', () => {
    const { spec } = finalizeSpec(inputs({ options: { readOnly: true } }));

    for (const mount of spec.mounts.slice(1))
      expect(mount.options).toEqual(['bind', 'rprivate', 'ro']);
  });
});

describe('finalizeSpec: labels', () => {
  it('keeps labels out of config.json when the kernel does not enforce them', () => {
    const { spec, provenance } = finalizeSpec(inputs({ labels: true, kernelEnforced: false }));

    expect('selinuxLabel' in spec.process).toBe(false);
    expect('mountLabel' in spec.linux).toBe(false);
    expect(provenance.map((d) => d.path)).not.toContain('process.selinuxLabel');
  });

  it('writes both labels when the kernel enforces them, from the engine by default', () => {
    const { spec, provenance } = finalizeSpec(inputs({ labels: true, kernelEnforced: true }));

    expect(spec.process.selinuxLabel).toBe(PROCESS_LABEL);
    expect(spec.linux.mountLabel).toBe(MOUNT_LABEL);
    expect(provenance).toContainEqual({
      path: 'process.selinuxLabel',
      source: 'engine',
      origin: 'label provider selinux',
    });
    expect(provenance).toContainEqual({
      path: 'linux.mountLabel',
      source: 'engine',
      origin: 'label provider selinux',
    });
  });

  it('records the user as the source of labels shaped by a label option', () => {
    for (const option of ['label=level:s0:c1,c2', 'label:type:spc_t']) {
      const { provenance } = finalizeSpec(
        inputs({ labels: true, kernelEnforced: true, options: { securityOpt: [option] } }),
      );

      expect(provenance.find((d) => d.path === 'process.selinuxLabel')?.source).toBe('user');
    }
  });

  it('writes no label keys for an unlabelled container even when enforced', () => {
    const { spec } = finalizeSpec(inputs({ labels: false, kernelEnforced: true }));

    expect('selinuxLabel' in spec.process).toBe(false);
    expect('mountLabel' in spec.linux).toBe(false);
  });
});

describe('finalizeSpec: repeat starts', () => {
  it('leaves the stored spec untouched, so each start gives the same config', () => {
    const given = inputs({ options: { user: 'app' }, labels: true, kernelEnforced: true });
    const stored = structuredClone(given.container.spec);

    const first = finalizeSpec(given);
    const second = finalizeSpec(given);

    expect(given.container.spec).toEqual(stored);
    expect(second.spec).toEqual(first.spec);
    expect(second.spec.mounts).toHaveLength(4);
  });

  it('keeps create-time provenance and replaces what the start decided again', () => {
    const { provenance } = finalizeSpec(inputs());

    expect(provenance.slice(0, 3)).toEqual([
      { path: 'process.args', source: 'image', origin: 'Cmd' },
      {
        path: 'mounts',
        source: 'engine',
        origin: 'default mounts + /etc/hostname, /etc/hosts, /run/.containerenv',
      },
      { path: 'process.cwd', source: 'image', origin: 'WorkingDir' },
    ]);
    expect(provenance.map((d) => d.path)).toContain('root.path');
  });
});

describe('finalizeSpec: --network host', () => {
  const hostFiles = { hosts: '127.0.0.1 localhost\n', resolvConf: 'nameserver 192.0.2.53\n' };

  it("binds the host's hosts and resolv.conf files, as Podman does", () => {
    const { spec, provenance } = finalizeSpec(
      inputs({ options: { network: 'host' }, extra: { hostFiles } }),
    );

    expect(readFileSync(join(bundle, 'hosts'), 'utf8')).toBe(hostFiles.hosts);
    expect(readFileSync(join(bundle, 'resolv.conf'), 'utf8')).toBe(hostFiles.resolvConf);
    expect(spec.mounts.map((m) => m.destination)).toEqual([
      '/proc',
      '/etc/hostname',
      '/etc/hosts',
      '/etc/resolv.conf',
      '/run/.containerenv',
    ]);
    expect(provenance.find((d) => d.path === 'mounts')?.origin).toBe(
      'default mounts + /etc/hostname, /etc/hosts, /etc/resolv.conf, /run/.containerenv',
    );
  });

  it('writes its own hosts file and no resolv.conf for a container with loopback only', () => {
    const { spec } = finalizeSpec(inputs({ options: { network: 'none' }, extra: { hostFiles } }));

    expect(readFileSync(join(bundle, 'hosts'), 'utf8')).toContain('127.0.1.1\tbox web');
    expect(existsSync(join(bundle, 'resolv.conf'))).toBe(false);
    expect(spec.mounts.some((m) => m.destination === '/etc/resolv.conf')).toBe(false);
  });
});

describe('finalizeSpec: --userns keep-id', () => {
  const linux = {
    uidMappings: keepIdMappings(1001, 65537),
    gidMappings: keepIdMappings(1002, 65537),
  };
  const owner = { uid: 0, gid: 0 };

  it("runs as the user's ids, with an account whose home is the working directory", () => {
    const { spec } = finalizeSpec(
      inputs({ options: { userns: 'keep-id' }, linux, extra: { owner } }),
    );

    expect(spec.process.user).toMatchObject({ uid: 1001, gid: 1002 });
    expect(spec.process.env).toContain('HOME=/srv');
    const passwd = readFileSync(join(rootfs, 'etc', 'passwd'), 'utf8');
    expect(passwd.split('\n').filter((l) => l.includes(':1001:'))).toEqual([
      'root:*:1001:1002:root:/srv:/bin/sh',
    ]);
    expect(readFileSync(join(rootfs, 'etc', 'group'), 'utf8')).toContain('root:x:1002:root\n');
  });

  it('adds the account once over repeated starts, and --user still wins', () => {
    const given = inputs({ options: { userns: 'keep-id', user: 'app' }, linux, extra: { owner } });
    finalizeSpec(given);
    const { spec } = finalizeSpec(given);

    expect(spec.process.user).toMatchObject({ uid: 1000, gid: 1000 });
    const passwd = readFileSync(join(rootfs, 'etc', 'passwd'), 'utf8');
    expect(passwd.match(/:1001:/g)).toHaveLength(1);
  });
});

describe('serializeSpec', () => {
  it('writes RLIM_INFINITY as 18446744073709551615 exactly', () => {
    const spec = baseSpec();
    spec.process.rlimits = [parseUlimit('nofile=-1'), parseUlimit('core=0:-1')];

    const text = serializeSpec(spec);

    expect(text).toContain('"soft": 18446744073709551615');
    expect(text).toContain('"hard": 18446744073709551615');
    expect(text).not.toContain('18446744073709552000');
    expect(text.match(/18446744073709551615/g)).toHaveLength(3);
  });

  it('writes indented JSON that reads back as the same spec otherwise', () => {
    const spec = baseSpec();
    spec.process.rlimits = [parseUlimit('nofile=1024:2048')];

    const text = serializeSpec(spec);

    expect(JSON.parse(text)).toEqual(spec);
    expect(text.split('\n')[1]).toBe('  "ociVersion": "1.0.2-dev",');
  });
});
