import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { OciSpec } from '@skiff/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createOptions } from '../testing/create-options.js';
import { SpecBuilder } from './spec-builder.js';
import { addUserMounts } from './volume-spec-mounts.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-core-mounts-'));
  mkdirSync(join(dir, 'src'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function builderWithDefaults(): SpecBuilder {
  const spec: OciSpec = {
    ociVersion: '1.0.2-dev',
    process: { user: { uid: 0, gid: 0 }, args: [], env: [], cwd: '/' },
    root: { path: '' },
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
      { destination: '/dev/shm', type: 'tmpfs', source: 'shm' },
    ],
    linux: { namespaces: [] },
  };
  return new SpecBuilder(spec);
}

describe('addUserMounts', () => {
  it('appends binds, volumes and tmpfs mounts after the defaults without z/Z', () => {
    const builder = builderWithDefaults();
    const src = join(dir, 'src');
    const options = createOptions({ volumes: [`${src}/:/b:Z`, 'data:/v:ro'], tmpfs: ['/t'] });

    addUserMounts(builder, { options, volumesDir: join(dir, 'volumes') });

    expect(builder.spec.mounts.slice(2)).toEqual([
      { destination: '/b', type: 'bind', source: src, options: ['rw', 'rprivate', 'rbind'] },
      {
        destination: '/v',
        type: 'bind',
        source: join(dir, 'volumes/data/_data'),
        options: ['ro', 'rprivate', 'nosuid', 'nodev', 'rbind'],
      },
      {
        destination: '/t',
        type: 'tmpfs',
        source: 'tmpfs',
        options: ['rw', 'rprivate', 'nosuid', 'nodev', 'tmpcopyup'],
      },
    ]);
    expect(builder.provenance()).toContainEqual({
      path: 'mounts[/b]',
      source: 'user',
      origin: `--volume ${src}/:/b:Z`,
    });
  });

  it('replaces a default mount at the same destination', () => {
    const builder = builderWithDefaults();

    addUserMounts(builder, { options: createOptions({ tmpfs: ['/dev/shm:size=1m'] }) });

    expect(builder.spec.mounts.map((m) => m.destination)).toEqual(['/proc', '/dev/shm']);
    expect(builder.spec.mounts[1].options?.[0]).toBe('size=1m');
  });

  it('names an anonymous volume with 64 hex digits', () => {
    const builder = builderWithDefaults();

    addUserMounts(builder, { options: createOptions({ volumes: ['/anon'] }), volumesDir: '/v' });

    expect(builder.spec.mounts[2].source).toMatch(/^\/v\/[0-9a-f]{64}\/_data$/);
  });

  it('refuses a missing bind source in Podman words', () => {
    const options = createOptions({ volumes: [`${dir}/nope:/d`] });

    expect(() => addUserMounts(builderWithDefaults(), { options })).toThrow(
      `statfs ${dir}/nope: no such file or directory`,
    );
  });

  it('checks a relative -v source with lstat before making it absolute', () => {
    const options = createOptions({ volumes: ['./no-such-dir-here:/d'] });

    expect(() => addUserMounts(builderWithDefaults(), { options })).toThrow(
      'lstat no-such-dir-here: no such file or directory',
    );
  });
});
