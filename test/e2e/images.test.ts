import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { busyboxTarball, Store } from './harness.js';

let store: Store;

beforeAll(() => {
  store = new Store();
});

afterAll(() => store.destroy());

describe('images', () => {
  it('imports a tarball from a file and from stdin under localhost/', () => {
    const fromFile = store.skiff(['import', busyboxTarball(), 'first']);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);

    const fromStdin = store.skiff(['import', '-', 'second:v1'], {
      input: readFileSync(busyboxTarball()),
    });
    expect(fromStdin.code).toBe(0);

    const images = store.skiff(['images']).stdout.split('\n');
    expect(images[0]).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
    expect(images.some((line) => /^localhost\/first\s+latest\s+[0-9a-f]{12}\s/.test(line))).toBe(
      true,
    );
    expect(images.some((line) => /^localhost\/second\s+v1\s+[0-9a-f]{12}\s/.test(line))).toBe(true);
  });

  it('inspects an image in Podman shape', () => {
    const [image] = JSON.parse(store.skiff(['image', 'inspect', 'first']).stdout);
    expect(image).toMatchObject({
      RepoTags: ['localhost/first:latest'],
      Architecture: 'amd64',
      Os: 'linux',
      RootFS: { Type: 'layers' },
    });
    expect(image.Id).toMatch(/^[0-9a-f]{64}$/);
    expect(image.RootFS.Layers).toHaveLength(1);
    expect(store.skiff(['image', 'inspect', 'nothere'])).toMatchObject({
      code: 125,
      stdout: '[]\n',
    });
  });

  it('refuses to remove an image a container uses, unless forced', () => {
    const id = store.skiff(['create', 'localhost/first', 'true']).stdout.trim();
    const refused = store.skiff(['rmi', 'first']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`^Error: image used by ${id}: image is in use`));

    const forced = store.skiff(['rmi', '-f', 'first']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^Untagged: localhost\/first:latest\nDeleted: [0-9a-f]{64}\n$/);
    expect(store.skiff(['ps', '-aq']).stdout).toBe('');
  });

  it('reports a missing image to rmi with status 1', () => {
    expect(store.skiff(['rmi', 'nothere'])).toMatchObject({
      code: 1,
      stderr: 'Error: nothere: image not known\n',
    });
  });
});
