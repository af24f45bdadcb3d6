import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { containerLabels } from './container-labels.js';

function labelFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'skiff-labels-')), 'labels');
  writeFileSync(file, text);
  return file;
}

describe('containerLabels', () => {
  it('reads KEY=VALUE and a bare KEY, the last value of a key winning', () => {
    expect(containerLabels(['a=1', 'b', 'a=2', 'c=x=y'])).toEqual({ a: '2', b: '', c: 'x=y' });
  });

  it('reads label files first, as Podman reads them, then the flags', () => {
    const file = labelFile('x=1\n# note\n\n  y=2  \nz\n');
    expect(containerLabels(['x=3'], [file])).toEqual({ x: '3', y: '2  ' });
  });

  it('refuses an empty key, a name with white space and a missing file, in Podman words', () => {
    expect(() => containerLabels(['=x'])).toThrow(
      'unable to process labels: invalid label format: "=x"',
    );
    expect(() => containerLabels([], [labelFile('y =2\n')])).toThrow(
      'unable to process labels: name "y " has white spaces, poorly formatted name',
    );
    expect(() => containerLabels([], ['/nonexistent/labels'])).toThrow(
      'unable to process labels: open /nonexistent/labels: no such file or directory',
    );
  });
});
