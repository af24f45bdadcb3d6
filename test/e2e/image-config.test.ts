import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { REPO, Store } from './harness';

// An image whose configuration sets every field that seeds a container.
const RUN_CONFIG = {
  Entrypoint: ['/bin/sh', '-c'],
  Cmd: ['echo $GREETING from $(pwd) as $(id -u):$(id -g)'],
  Env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'GREETING=hello'],
  WorkingDir: '/data',
  User: '1000:1001',
  StopSignal: 'SIGINT',
  Labels: { fixture: 'configured' },
  ExposedPorts: { '8080/tcp': {} },
};

const hasSkopeo = spawnSync('skopeo', ['--version']).status === 0;

describe.skipIf(!hasSkopeo)('image configuration applied at create', () => {
  const store = new Store();
  const work = mkdtempSync(join(tmpdir(), 'skiff-config-image-'));
  const archive = join(work, 'configured.tar');

  beforeAll(() => {
    const layout = join(work, 'layout');
    execFileSync(join(REPO, 'test/fixtures/make-layered-image.sh'), [layout], {
      env: { ...process.env, IMAGE_RUN_CONFIG: JSON.stringify(RUN_CONFIG) },
    });
    const target = `oci-archive:${archive}:localhost/configured:latest`;
    execFileSync('skopeo', ['copy', '-q', `oci:${layout}:latest`, target]);
    const loaded = store.skiff(['load', '-i', archive]);
    expect(loaded.stdout).toBe('Loaded image: localhost/configured:latest\n');
  });

  afterAll(() => {
    store.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it('runs the entrypoint with the command, env, working directory and user of the image', () => {
    const result = store.skiff(['run', '--rm', 'localhost/configured']);

    expect(result.stdout).toBe('hello from /data as 1000:1001\n');
    expect(result.code).toBe(0);
  });

  it('lets flags override what the image says', () => {
    const args = ['run', '--rm', '-u', '0', '-w', '/', '-e', 'GREETING=bye'];
    const result = store.skiff([...args, 'localhost/configured', 'echo $GREETING $(pwd) $(id -u)']);

    expect(result.stdout).toBe('bye / 0\n');
  });

  it('records stop signal, labels and user in the container as Podman inspect shows them', () => {
    const id = store.skiff(['create', 'localhost/configured']).stdout.trim();
    const [inspect] = JSON.parse(store.skiff(['inspect', id]).stdout);

    expect(inspect.Config).toMatchObject({
      StopSignal: 2,
      Labels: { fixture: 'configured' },
      User: '1000:1001',
      WorkingDir: '/data',
      Entrypoint: '/bin/sh -c',
      Cmd: RUN_CONFIG.Cmd,
    });
    expect(inspect.Config.Annotations['org.opencontainers.image.stopSignal']).toBe('SIGINT');
  });

  it('keeps exposed ports and the rest of the configuration in image inspect', () => {
    const [inspect] = JSON.parse(store.skiff(['image', 'inspect', 'localhost/configured']).stdout);

    expect(inspect.Config).toEqual(RUN_CONFIG);
  });
});
