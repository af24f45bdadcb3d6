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

  it('tags and untags, qualifying short names under localhost/', () => {
    store.skiff(['import', busyboxTarball(), 'tagged']);
    expect(store.skiff(['tag', 'tagged', 'tagged:v2', 'other/name']).code).toBe(0);
    const names = () => JSON.parse(store.skiff(['image', 'inspect', 'tagged']).stdout)[0].RepoTags;
    expect(names()).toEqual([
      'localhost/other/name:latest',
      'localhost/tagged:latest',
      'localhost/tagged:v2',
    ]);

    expect(store.skiff(['untag', 'tagged', 'tagged:v2']).code).toBe(0);
    expect(names()).toEqual(['localhost/other/name:latest', 'localhost/tagged:latest']);
    expect(store.skiff(['untag', 'tagged', 'nope:tag'])).toMatchObject({
      code: 125,
      stderr: 'Error: localhost/nope:tag: tag not known\n',
    });
    expect(store.skiff(['tag', 'tagged', 'BAD']).code).toBe(125);
  });

  it('answers image exists with status 0 or 1', () => {
    expect(store.skiff(['image', 'exists', 'tagged']).code).toBe(0);
    expect(store.skiff(['image', 'exists', 'nothere']).code).toBe(1);
  });

  it('filters images and shows digests', () => {
    // As Podman, a matching image is listed under all of its names.
    const byReference = store.skiff(['images', '--filter', 'reference=tagged']).stdout;
    const repositories = byReference
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(/\s+/)[0]);
    expect(repositories.sort()).toEqual(['localhost/other/name', 'localhost/tagged']);
    expect(store.skiff(['images', '--digests']).stdout.split('\n')[0]).toMatch(/\sDIGEST\s/);
    expect(store.skiff(['images', '--filter', 'bogus=1'])).toMatchObject({
      code: 125,
      stderr: 'Error: unsupported image filter "bogus"\n',
    });
  });

  it('shows the history of an image', () => {
    const lines = store.skiff(['history', 'tagged']).stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
    expect(lines).toHaveLength(2);
  });

  it('prunes unnamed images and, with -a, every unused one', () => {
    const id = store.skiff(['import', busyboxTarball()]).stdout.trim().replace('sha256:', '');
    const used = store.skiff(['create', 'tagged', 'true']).stdout.trim();
    expect(store.skiff(['image', 'prune']).stdout).toContain(id);
    expect(store.skiff(['image', 'exists', id]).code).toBe(1);

    store.skiff(['image', 'prune', '-a', '-f']);
    expect(store.skiff(['image', 'exists', 'tagged']).code).toBe(0);
    expect(store.skiff(['image', 'exists', 'second:v1']).code).toBe(1);
    store.skiff(['rm', used]);
  });
});
