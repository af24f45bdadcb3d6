import { describe, expect, it } from 'vitest';

import { SkiffError } from '@skiff/contracts';

import { parseReference } from './parse-reference.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  it.each([
    ['busybox', { registry: '', repository: 'busybox' }],
    ['busybox:1.36', { registry: '', repository: 'busybox', tag: '1.36' }],
    ['library/busybox', { registry: '', repository: 'library/busybox' }],
    ['a/b/c/d', { registry: '', repository: 'a/b/c/d' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['localhost/app:v1', { registry: 'localhost', repository: 'app', tag: 'v1' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app' }],
    [
      '127.0.0.1:5000/team/app:v2',
      { registry: '127.0.0.1:5000', repository: 'team/app', tag: 'v2' },
    ],
    ['quay.io/podman/stable', { registry: 'quay.io', repository: 'podman/stable' }],
    ['Registry.Example.COM/app', { registry: 'Registry.Example.COM', repository: 'app' }],
    ['[::1]:5000/app', { registry: '[::1]:5000', repository: 'app' }],
    ['[fe80::1]/app', { registry: '[fe80::1]', repository: 'app' }],
    ['example.com/app@' + DIGEST, { registry: 'example.com', repository: 'app', digest: DIGEST }],
    ['app:v1@' + DIGEST, { registry: '', repository: 'app', tag: 'v1', digest: DIGEST }],
    ['my-app.with__seps_x', { registry: '', repository: 'my-app.with__seps_x' }],
    ['a--b', { registry: '', repository: 'a--b' }],
    ['app:V1.0-rc_1', { registry: '', repository: 'app', tag: 'V1.0-rc_1' }],
    ['app:_x', { registry: '', repository: 'app', tag: '_x' }],
    ['localhost:5000', { registry: '', repository: 'localhost', tag: '5000' }],
  ])('parses %s', (text, expected) => {
    expect(parseReference(text)).toEqual(expected);
  });

  it('normalizes Docker Hub names the way Podman does', () => {
    expect(parseReference('docker.io/busybox')).toEqual({
      registry: 'docker.io',
      repository: 'library/busybox',
    });
    expect(parseReference('index.docker.io/user/app:1')).toEqual({
      registry: 'docker.io',
      repository: 'user/app',
      tag: '1',
    });
  });

  it('leaves the registry empty for unqualified names, for core to default', () => {
    expect(parseReference('team/app').registry).toBe('');
  });

  it.each([
    ['Busybox', 'repository name (Busybox) must be lowercase'],
    ['localhost/MyApp:v1', 'repository name (MyApp) must be lowercase'],
    ['team/App', 'repository name (team/App) must be lowercase'],
    ['', 'repository name must have at least one component'],
    [':tag', 'repository name must have at least one component'],
    ['app:', 'invalid tag ""'],
    ['app:-x', 'invalid tag "-x"'],
    ['app:' + 'x'.repeat(129), 'invalid tag'],
    ['app@sha256:abc', 'invalid digest'],
    ['app@md5:' + 'a'.repeat(32), 'invalid digest'],
    ['app@' + DIGEST.toUpperCase(), 'invalid digest'],
    ['a'.repeat(64), 'cannot be a 64-byte hexadecimal string'],
    ['a'.repeat(256), 'must not be more than 255 characters'],
    ['app name', 'invalid repository name'],
    ['-app', 'invalid repository name'],
    ['app-', 'invalid repository name'],
    ['a//b', 'invalid repository name'],
    ['/app', 'invalid repository name'],
    ['app/', 'invalid repository name'],
    ['a...b', 'invalid repository name'],
    ['a___b', 'invalid repository name'],
    ['bad_host.io/app', 'invalid registry "bad_host.io"'],
    ['host.io:port/app', 'invalid registry "host.io:port"'],
    ['-host.io/app', 'invalid registry'],
  ])('refuses %j', (text, detail) => {
    let thrown: unknown;
    try {
      parseReference(text);
    } catch (error) {
      thrown = error;
    }

    expect(SkiffError.is(thrown) && thrown.code).toBe('InvalidArgument');
    expect((thrown as Error).message).toContain('invalid reference format');
    expect((thrown as Error).message).toContain(detail);
  });
});
