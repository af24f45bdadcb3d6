import type { OciSpec } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { SpecBuilder } from './spec-builder.js';

function emptySpec(): OciSpec {
  return {
    ociVersion: '1.0.2-dev',
    process: { user: { uid: 0, gid: 0 }, args: [], env: [], cwd: '/' },
    root: { path: '' },
    mounts: [],
    linux: { namespaces: [] },
  };
}

describe('SpecBuilder', () => {
  it('writes a value at a dotted path and records where it came from', () => {
    const builder = new SpecBuilder(emptySpec());

    builder.set('process.cwd', '/srv', 'image', 'WorkingDir');

    expect(builder.spec.process.cwd).toBe('/srv');
    expect(builder.provenance()).toEqual([
      { path: 'process.cwd', source: 'image', origin: 'WorkingDir' },
    ]);
  });

  it('creates the objects a path runs through', () => {
    const builder = new SpecBuilder(emptySpec());

    builder.set('linux.resources.pids.limit', 100, 'engine', 'pids_limit');

    expect(builder.spec.linux.resources).toEqual({ pids: { limit: 100 } });
  });

  it('replaces both the value and the provenance on a later set of the same path', () => {
    const builder = new SpecBuilder(emptySpec());
    builder.set('process.cwd', '/srv', 'image', 'WorkingDir');
    builder.set('hostname', 'abc', 'engine', 'short container id');

    builder.set('process.cwd', '/work', 'user', '--workdir');

    expect(builder.spec.process.cwd).toBe('/work');
    expect(builder.provenance()).toEqual([
      { path: 'hostname', source: 'engine', origin: 'short container id' },
      { path: 'process.cwd', source: 'user', origin: '--workdir' },
    ]);
  });

  it('deletes the key when the value is undefined, still recording why', () => {
    const spec = emptySpec();
    spec.linux.maskedPaths = ['/proc/kcore'];
    const builder = new SpecBuilder(spec);

    builder.set('linux.maskedPaths', undefined, 'user', '--privileged');

    expect('maskedPaths' in builder.spec.linux).toBe(false);
    expect(builder.provenance()).toEqual([
      { path: 'linux.maskedPaths', source: 'user', origin: '--privileged' },
    ]);
  });

  it('records provenance for a value changed by other means without touching the spec', () => {
    const spec = emptySpec();
    const builder = new SpecBuilder(spec);
    const before = structuredClone(spec);

    builder.note('process.user', 'user', '--user app');

    expect(builder.spec).toEqual(before);
    expect(builder.provenance()).toEqual([
      { path: 'process.user', source: 'user', origin: '--user app' },
    ]);
  });

  it('edits the spec it was given in place', () => {
    const spec = emptySpec();

    new SpecBuilder(spec).set('process.args', ['/bin/sh'], 'image', 'Cmd');

    expect(spec.process.args).toEqual(['/bin/sh']);
  });
});
