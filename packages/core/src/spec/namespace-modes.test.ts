import { describe, expect, it } from 'vitest';

import { parseNamespaceMode, sharedContainer } from './namespace-modes.js';

describe('parseNamespaceMode', () => {
  it('reads the modes Podman accepts for --pid and --ipc', () => {
    expect(parseNamespaceMode('pid', undefined)).toEqual({ kind: 'private' });
    expect(parseNamespaceMode('pid', 'private')).toEqual({ kind: 'private' });
    expect(parseNamespaceMode('pid', 'host')).toEqual({ kind: 'host' });
    expect(parseNamespaceMode('ipc', 'shareable')).toEqual({ kind: 'private' });
    expect(parseNamespaceMode('ipc', 'none')).toEqual({ kind: 'none' });
    expect(parseNamespaceMode('ipc', 'container:web')).toEqual({
      kind: 'container',
      target: 'web',
    });
    expect(parseNamespaceMode('pid', 'ns:/proc/self/ns/pid')).toEqual({
      kind: 'path',
      path: '/proc/self/ns/pid',
    });
  });

  it('rejects an unknown mode, and modes --pid does not have, in Podman words', () => {
    for (const value of ['bogus', 'container:', 'container', 'none', 'shareable']) {
      expect(() => parseNamespaceMode('pid', value)).toThrow(
        `unrecognized namespace mode ${value} passed`,
      );
    }
  });

  it('checks that a namespace path exists', () => {
    expect(() => parseNamespaceMode('ipc', 'ns:/nonexistent/ipc')).toThrow(
      'cannot find specified IPC namespace path: stat /nonexistent/ipc: no such file or directory',
    );
  });
});

describe('sharedContainer', () => {
  it('names the container only for the container: form', () => {
    expect(sharedContainer('container:abc')).toBe('abc');
    expect(sharedContainer('host')).toBeUndefined();
    expect(sharedContainer(undefined)).toBeUndefined();
  });
});
