import type { OciSpec } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { explanationJson, renderExplanation, type Explanation } from './explain-renderer.js';

const ID = '3f2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708';
const CAPS = Array.from({ length: 11 }, (_, i) => `CAP_${i}`);

function explanation(overrides: Partial<Explanation> = {}): Explanation {
  const config = {
    ociVersion: '1.0.2-dev',
    process: {
      user: { uid: 0, gid: 0 },
      args: ['sh', '-c', 'echo hi'],
      env: ['PATH=/bin', 'FOO=bar'],
      cwd: '/data',
      capabilities: { bounding: CAPS, effective: ['CAP_0'] },
      rlimits: [{ type: 'RLIMIT_NOFILE', soft: 2 ** 64, hard: 2 ** 64 }],
    },
    root: { path: '/merged' },
    mounts: [],
    linux: { namespaces: [{ type: 'pid' }], seccomp: { syscalls: Array(22).fill({}) } },
  } as unknown as OciSpec;

  return {
    id: ID,
    name: 'box',
    status: 'running',
    runtime: 'runc',
    phase: 'bundle',
    configPath: '/run/skiff/containers/3f2a/config.json',
    config,
    directives: [
      { path: 'process.env', source: 'user', origin: '--env', written: true },
      { path: 'process.args', source: 'user', origin: 'command arguments', written: true },
      { path: 'process.cwd', source: 'image', origin: 'WorkingDir', written: true },
      {
        path: 'process.capabilities',
        source: 'engine',
        origin: 'default capabilities',
        written: true,
      },
      {
        path: 'linux.seccomp',
        source: 'engine',
        origin:
          'seccomp provider oci from @skiff/plugin-seccomp-oci: /usr/share/containers/seccomp.json',
        written: true,
      },
      {
        path: 'process.selinuxLabel',
        source: 'engine',
        origin: 'label provider selinux from @skiff/plugin-label-selinux',
        written: false,
        note: 'SELinux is not enabled on this host',
      },
    ],
    ...overrides,
  };
}

function lineOf(text: string, start: string): string {
  const line = text.split('\n').find((l) => l.trimStart().startsWith(start));
  if (line === undefined) throw new Error(`no line starts with ${start}`);
  return line;
}

describe('renderExplanation', () => {
  it('annotates each mount by its destination and never collapses the mounts', () => {
    const mount = (destination: string) => ({ destination, type: 'bind', source: destination });
    const base = explanation();
    const mounts = ['/proc', '/dev', '/sys', '/a', '/b', '/c', '/d', '/e', '/data'].map(mount);
    const text = renderExplanation({
      ...base,
      config: { ...base.config, mounts },
      directives: [
        { path: 'mounts', source: 'engine', origin: 'default mounts', written: true },
        { path: 'mounts[/data]', source: 'user', origin: '--volume /srv:/data:Z', written: true },
      ],
    });

    expect(lineOf(text, '"mounts"')).toMatch(/# engine: default mounts$/);
    expect(lineOf(text, '{ "destination": "/data"')).toMatch(/# user: --volume \/srv:\/data:Z$/);
    expect(lineOf(text, '{ "destination": "/proc"')).not.toContain('#');
  });

  it('annotates the line where each directive starts, in one column', () => {
    const text = renderExplanation(explanation());

    const args = lineOf(text, '"args"');
    const cwd = lineOf(text, '"cwd"');
    expect(args).toMatch(/^ {4}"args": \["sh", "-c", "echo hi"\], +# user: command arguments$/);
    expect(cwd).toMatch(/"cwd": "\/data", +# image: WorkingDir$/);
    expect(args.indexOf('#')).toBe(cwd.indexOf('#'));
    expect(lineOf(text, '"seccomp"')).toContain(
      '# engine: seccomp provider oci from @skiff/plugin-seccomp-oci: ' +
        '/usr/share/containers/seccomp.json',
    );
  });

  it('leaves lines inside a directive to the directive that encloses them', () => {
    const text = renderExplanation(explanation());

    expect(lineOf(text, '"capabilities"')).toContain('# engine: default capabilities');
    expect(lineOf(text, '"effective"')).not.toContain('#');
    expect(lineOf(text, '"syscalls"')).not.toContain('#');
    // Nothing recorded these, and no directive encloses them.
    expect(lineOf(text, '"ociVersion"')).not.toContain('#');
    expect(lineOf(text, '"root"')).not.toContain('#');
  });

  it('collapses long arrays to a count unless asked for in full', () => {
    const short = renderExplanation(explanation());
    expect(lineOf(short, '"bounding"')).toBe('      "bounding": [ 11 capabilities ],');
    expect(lineOf(short, '"syscalls"')).toBe('      "syscalls": [ 22 rules ]');

    const full = renderExplanation(explanation(), { full: true });
    expect(full).not.toContain('[ 11 capabilities ]');
    expect(lineOf(full, '"bounding"')).toBe('      "bounding": [');
    expect(full).toContain('        "CAP_10"\n      ],');
  });

  it('prints flat values on one line and RLIM_INFINITY as config.json spells it', () => {
    const text = renderExplanation(explanation());

    expect(lineOf(text, '"user"')).toBe('    "user": { "uid": 0, "gid": 0 },');
    expect(lineOf(text, '"soft"')).toBe('        "soft": 18446744073709551615,');
  });

  it('says which config.json it shows', () => {
    const bundle = renderExplanation(explanation()).split('\n');
    expect(bundle[0]).toBe(
      '# container box (3f2a1b4c5d6e), running: the config.json runc was given',
    );
    expect(bundle[1]).toBe('# /run/skiff/containers/3f2a/config.json');

    const created = renderExplanation(explanation({ phase: 'create', configPath: undefined }));
    expect(created).toContain('so this is the spec made at create;');
    expect(created).toContain('# start adds root.path, process.user ids, engine files');
  });

  it('ends with a summary by bucket in config.json order, unwritten directives marked', () => {
    const text = renderExplanation(explanation());
    const summary = text
      .slice(text.lastIndexOf('}\n') + 2)
      .trim()
      .split('\n');

    expect(summary).toEqual([
      'image:  process.cwd (WorkingDir)',
      'engine: process.capabilities (default capabilities),',
      '        linux.seccomp (seccomp provider oci from @skiff/plugin-seccomp-oci: ' +
        '/usr/share/containers/seccomp.json),',
      '        process.selinuxLabel (label provider selinux from @skiff/plugin-label-selinux; ' +
        'not written: SELinux is not enabled on this host)',
      'user:   process.args (command arguments), process.env (--env)',
    ]);
  });

  it('says when a bucket contributed nothing', () => {
    const only = explanation().directives.filter((d) => d.source !== 'image');
    const text = renderExplanation(explanation({ directives: only }));

    expect(text).toContain('\nimage:  none\n');
  });
});

describe('explanationJson', () => {
  it('holds the config.json and every directive', () => {
    const parsed = JSON.parse(explanationJson(explanation()));

    expect(parsed.phase).toBe('bundle');
    expect(parsed.config.process.args).toEqual(['sh', '-c', 'echo hi']);
    expect(parsed.directives).toHaveLength(6);
    expect(parsed.directives[5]).toMatchObject({ path: 'process.selinuxLabel', written: false });
    expect(explanationJson(explanation())).toContain('"soft": 18446744073709551615');
  });
});
