import { afterEach, describe, expect, it, vi } from 'vitest';

import { printPruneReport, pruneWarning, resetWarning } from './prune-output.js';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

function captured(): { out: () => string; err: () => string } {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const text = (spy: typeof out) => spy.mock.calls.map((call) => String(call[0])).join('');
  return { out: () => text(out), err: () => text(err) };
}

describe('pruneWarning', () => {
  it("lists what a plain prune removes in Podman's words", () => {
    expect(pruneWarning({ all: false, volumes: false })).toBe(
      'WARNING! This command removes:\n' +
        '\t- all stopped containers\n' +
        '\t- all dangling images\n\n',
    );
  });

  it('names volumes and every unused image when asked to remove them', () => {
    expect(pruneWarning({ all: true, volumes: true })).toBe(
      'WARNING! This command removes:\n' +
        '\t- all stopped containers\n' +
        '\t- all volumes not used by at least one container\n' +
        '\t- all images without at least one container associated with them\n\n',
    );
  });
});

describe('printPruneReport', () => {
  it('prints a section for each kind that lost something, then the space reclaimed', () => {
    const io = captured();
    printPruneReport({
      containers: [{ name: 'c1', value: 'c1' }],
      volumes: ['v1', 'v2'],
      images: [],
      reclaimed: 2_345_000,
    });
    expect(io.out()).toBe(
      'Deleted Containers\nc1\nDeleted Volumes\nv1\nv2\nTotal reclaimed space: 2.345MB\n',
    );
  });

  it('reports a container it could not remove as an error and fails', () => {
    const io = captured();
    const error = new Error('cannot remove');
    printPruneReport({
      containers: [{ name: 'c1', error }],
      volumes: [],
      images: [],
      reclaimed: 0,
    });
    expect(io.out()).toBe('Deleted Containers\nTotal reclaimed space: 0B\n');
    expect(io.err()).toBe('Error: cannot remove\n');
    expect(process.exitCode).toBe(125);
  });
});

describe('resetWarning', () => {
  it('names the store directories it will delete, quoted', () => {
    expect(resetWarning({ root: '/tmp/r', runroot: '/tmp/run' })).toBe(
      'WARNING! This will remove:\n' +
        '        - all containers\n' +
        '        - all images\n' +
        '        - all volumes\n' +
        '        - the graphRoot directory: "/tmp/r"\n' +
        '        - the runRoot directory: "/tmp/run"\n',
    );
  });
});
