import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { REPO, Store } from './harness';

// An image that seeds a container's command, environment and working directory.
const RUN_CONFIG = {
  Cmd: ['sh'],
  Env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'LAYERED=yes'],
  WorkingDir: '/data',
};
const IMAGE = 'localhost/configured';
const LABEL_ORIGIN = 'label provider selinux from @skiff/plugin-label-selinux';

interface Directive {
  path: string;
  source: 'image' | 'engine' | 'user';
  origin: string;
  written: boolean;
  note?: string;
}

interface Explanation {
  phase: 'bundle' | 'create';
  configPath?: string;
  config: Record<string, unknown>;
  directives: Directive[];
}

function valueAt(config: Record<string, unknown>, path: string): unknown {
  const mount = /^mounts\[(.*)\]$/.exec(path);
  if (mount) {
    return (config.mounts as { destination: string }[]).find((m) => m.destination === mount[1]);
  }
  let node: unknown = config;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

describe('inspect --explain with the selinux label provider on a host without SELinux', () => {
  const store = new Store('[skiff]\nlabel_provider = "selinux"\n');
  const work = mkdtempSync(join(tmpdir(), 'skiff-explain-'));

  beforeAll(() => {
    // An OCI layout in a tar is an oci-archive; without a reference name it loads as `latest`.
    const layout = join(work, 'layout');
    execFileSync(join(REPO, 'test/fixtures/make-layered-image.sh'), [layout], {
      env: { ...process.env, IMAGE_RUN_CONFIG: JSON.stringify(RUN_CONFIG) },
    });
    execFileSync('tar', ['-C', layout, '-cf', join(work, 'configured.tar'), '.']);
    expect(store.skiff(['load', '-i', join(work, 'configured.tar')]).code).toBe(0);
    expect(store.skiff(['tag', 'localhost/latest', IMAGE]).code).toBe(0);
  });

  afterAll(() => {
    store.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  const explain = (name: string): Explanation => {
    const result = store.skiff(['inspect', '--explain', '--format', 'json', name]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(result.stdout) as Explanation;
  };
  const directive = (explanation: Explanation, path: string) =>
    explanation.directives.find((d) => d.path === path);
  const create = (args: string[]) => store.skiff(['create', ...args]).stdout.trim();

  it('names the image, engine and user inputs behind each directive', () => {
    create(['--name', 'buckets', '-e', 'FOO=bar', IMAGE, 'sh', '-c', 'echo hi']);
    const explanation = explain('buckets');

    expect(explanation.phase).toBe('create');
    expect(directive(explanation, 'process.cwd')).toMatchObject({
      source: 'image',
      origin: 'WorkingDir',
      written: true,
    });
    expect(directive(explanation, 'process.args')).toMatchObject({
      source: 'user',
      origin: 'command arguments',
    });
    expect(directive(explanation, 'process.env')).toMatchObject({
      source: 'user',
      origin: 'engine defaults + image Env + --env',
    });
    expect(directive(explanation, 'process.capabilities')).toMatchObject({
      source: 'engine',
      origin: 'default capabilities',
    });
    expect(directive(explanation, 'linux.seccomp')?.source).toBe('engine');
    expect(directive(explanation, 'linux.seccomp')?.origin).toMatch(
      /^seccomp provider oci from @skiff\/plugin-seccomp-oci: \/\S+\.json$/,
    );
    for (const path of ['linux.maskedPaths', 'linux.namespaces', 'process.rlimits']) {
      expect(directive(explanation, path)?.source).toBe('engine');
    }
  });

  it('names each mount the user asked for by its flag, line by line', () => {
    const dir = mkdtempSync(join(work, 'data-'));
    create(['--name', 'mounted', '-v', `${dir}:/srv/own:Z`, '--tmpfs', '/scratch', IMAGE]);
    const explanation = explain('mounted');

    expect(directive(explanation, 'mounts[/srv/own]')).toMatchObject({
      source: 'user',
      origin: `--volume ${dir}:/srv/own:Z`,
      written: true,
    });
    expect(directive(explanation, 'mounts[/scratch]')).toMatchObject({ written: true });
    const text = store.skiff(['inspect', '--explain', 'mounted']).stdout;
    expect(text).toMatch(/^ {4}\{ +# user: --volume \S+:\/srv\/own:Z$/m);
  });

  it('takes the command from the image when none is typed', () => {
    create(['--name', 'from-image', IMAGE]);

    expect(directive(explain('from-image'), 'process.args')).toMatchObject({
      source: 'image',
      origin: 'Cmd',
    });
  });

  it('names the label provider for labels the kernel keeps out of config.json', () => {
    const explanation = explain('buckets');

    for (const path of ['process.selinuxLabel', 'linux.mountLabel']) {
      expect(directive(explanation, path)).toMatchObject({
        source: 'engine',
        origin: LABEL_ORIGIN,
        written: false,
        note: expect.stringMatching(/^SELinux is not enabled on this host: \S+:s0:c\d+,c\d+$/),
      });
    }
  });

  it('prints config.json annotated line by line, long arrays collapsed, then a summary', () => {
    const result = store.skiff(['inspect', '--explain', 'buckets']);
    const out = result.stdout;

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(out).toMatch(/^# container buckets \([0-9a-f]{12}\), created: .*spec made at create/);
    expect(out).toMatch(/^ {4}"cwd": "\/data", +# image: WorkingDir$/m);
    expect(out).toMatch(/^ {4}"args": \["sh", "-c", "echo hi"\], +# user: command arguments$/m);
    expect(out).toMatch(/^ {4}"capabilities": \{ +# engine: default capabilities$/m);
    expect(out).toMatch(/^ {6}"bounding": \[ \d+ capabilities \],$/m);
    expect(out).toMatch(/^ {6}"syscalls": \[ \d+ rules \]$/m);
    expect(out).toMatch(/^image: {2}process\.cwd \(WorkingDir\)$/m);
    expect(out).toMatch(/^engine: process\./m);
    expect(out).toMatch(/^ {8}.*process\.capabilities \(default capabilities\)/m);
    expect(out).toContain(
      `process.selinuxLabel (${LABEL_ORIGIN}; not written: SELinux is not enabled on this host: ` +
        'system_u:system_r:container_t:s0:c',
    );
    expect(out).toMatch(/^user: {3}process\.args \(command arguments\), process\.env \(/m);

    expect(store.skiff(['container', 'inspect', '--explain', 'buckets']).stdout).toBe(out);
    const full = store.skiff(['inspect', '--explain-full', 'buckets']).stdout;
    expect(full).not.toMatch(/\[ \d+ (rules|capabilities) \]/);
    expect(full).toContain('"SCMP_ACT_ALLOW"');
  });

  it('shows the config.json the runtime was given while the container runs', () => {
    const id = store
      .skiff(['run', '-d', '--name', 'running', '-u', '1000', IMAGE, 'sleep', '300'])
      .stdout.trim();
    const explanation = explain('running');
    const bundleConfig = join(store.runroot, 'containers', id, 'config.json');

    expect(explanation.phase).toBe('bundle');
    expect(explanation.configPath).toBe(bundleConfig);
    expect(explanation.config).toEqual(JSON.parse(readFileSync(bundleConfig, 'utf8')));
    expect(valueAt(explanation.config, 'root.path')).toMatch(new RegExp(`^${store.root}/`));
    expect(directive(explanation, 'root.path')).toMatchObject({ source: 'engine', written: true });
    expect(valueAt(explanation.config, 'process.user')).toMatchObject({ uid: 1000, gid: 1000 });
    expect(directive(explanation, 'process.user')).toMatchObject({
      source: 'user',
      origin: '--user 1000',
      written: true,
    });

    const text = store.skiff(['inspect', '--explain', 'running']).stdout.split('\n');
    expect(text[0]).toMatch(/, running: the config\.json runc was given$/);
    expect(text[1]).toBe(`# ${bundleConfig}`);
    expect(text).toContainEqual(expect.stringMatching(/"root": \{$/));
    expect(text).toContainEqual(
      expect.stringMatching(/"path": "[^"]+" +# engine: container file system/),
    );
    store.skiff(['rm', '-f', '-t', '0', 'running']);
  });

  it('shows the spec made at create, start-time parts pending, once the bundle is gone', () => {
    expect(store.skiff(['run', '--name', 'done', IMAGE, 'true']).code).toBe(0);
    const explanation = explain('done');

    expect(explanation.phase).toBe('create');
    expect(directive(explanation, 'root.path')).toMatchObject({
      written: false,
      note: 'set at start',
    });
    expect(store.skiff(['inspect', '--explain', 'done']).stdout).toContain(
      '# start adds root.path, process.user ids, engine files and SELinux labels',
    );
  });

  it('lists only directives that config.json holds or that are marked not written', () => {
    for (const name of ['buckets', 'from-image', 'done', 'mounted']) {
      const { config, directives } = explain(name);
      for (const { path, written, note } of directives) {
        // A value start sets may stand in the spec made at create as a placeholder.
        if (written || note !== 'set at start') {
          expect(valueAt(config, path) !== undefined, path).toBe(written);
        }
      }
    }
  });

  it('fails with one line and status 125 for an image, a missing container or two names', () => {
    const notFound = (name: string) =>
      `Error: no container with name or ID "${name}" found: no such container\n`;

    for (const name of [IMAGE, 'missing']) {
      const result = store.skiff(['inspect', '--explain', name]);
      expect(result).toEqual({ code: 125, stdout: '', stderr: notFound(name) });
    }
    expect(store.skiff(['inspect', '--explain', 'buckets', 'done'])).toEqual({
      code: 125,
      stdout: '',
      stderr: 'Error: --explain takes exactly one container\n',
    });
    expect(store.skiff(['inspect', '--explain', '--format', '{{.Id}}', 'buckets'])).toEqual({
      code: 125,
      stdout: '',
      stderr: 'Error: --format "{{.Id}}" is not supported: use json\n',
    });
  });
});
