import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SkiffError } from '@skiff/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_ENV, EnvList, readEnvFile, userAssignments } from './environment.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-core-env-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (SkiffError.is(error) && error.code === 'InvalidArgument') return error.message;
    throw error;
  }
  return expect.unreachable('expected an InvalidArgument');
}

describe('EnvList', () => {
  it('replaces a repeated name in the place it was first set', () => {
    const env = new EnvList();
    env.setAll(DEFAULT_ENV);
    env.set('A=1');

    env.setAll(['PATH=/image/bin', 'B=2', 'A=3']);

    expect(env.toArray()).toEqual(['PATH=/image/bin', 'TERM=xterm', 'A=3', 'B=2']);
  });

  it('keeps everything after the first = as the value', () => {
    const env = new EnvList();

    env.set('OPTS=a=b=c');
    env.set('EMPTY=');

    expect(env.toArray()).toEqual(['OPTS=a=b=c', 'EMPTY=']);
  });

  it('stores a bare name with an empty value', () => {
    const env = new EnvList();

    env.set('NAME');

    expect(env.has('NAME')).toBe(true);
    expect(env.has('OTHER')).toBe(false);
    expect(env.toArray()).toEqual(['NAME=']);
  });
});

describe('userAssignments', () => {
  const host = { HOST_ONLY: 'from-host', EMPTY_ON_HOST: '' };

  it('keeps NAME=value as given, even when the host has NAME', () => {
    expect(userAssignments(['HOST_ONLY=mine', 'X=1=2', 'Y='], host)).toEqual([
      'HOST_ONLY=mine',
      'X=1=2',
      'Y=',
    ]);
  });

  it('takes a bare NAME from the host, and skips it when the host has none', () => {
    expect(userAssignments(['HOST_ONLY', 'MISSING', 'EMPTY_ON_HOST'], host)).toEqual([
      'HOST_ONLY=from-host',
      'EMPTY_ON_HOST=',
    ]);
  });

  it('refuses an assignment without a name', () => {
    expect(refusal(() => userAssignments(['=x'], host))).toBe('invalid environment variable: "=x"');
    expect(refusal(() => userAssignments(['='], host))).toBe('invalid environment variable: "="');
  });
});

describe('readEnvFile', () => {
  it('reads assignments, skipping comments, blank lines and leading blanks', () => {
    const file = join(dir, 'app.env');
    writeFileSync(
      file,
      '# settings\n\nA=1\n   B=two words\r\n\t# indented comment\n  \nC=x#not-a-comment\nHOST_ONLY\nMISSING\n',
    );

    expect(readEnvFile(file, { HOST_ONLY: 'h' })).toEqual([
      'A=1',
      'B=two words',
      'C=x#not-a-comment',
      'HOST_ONLY=h',
    ]);
  });

  it('refuses a line without a name', () => {
    const file = join(dir, 'bad.env');
    writeFileSync(file, 'A=1\n=oops\n');

    expect(refusal(() => readEnvFile(file, {}))).toBe('invalid environment variable: "=oops"');
  });

  it('reports a missing file in Podman words', () => {
    const file = join(dir, 'missing.env');

    expect(refusal(() => readEnvFile(file, {}))).toBe(
      `parsing env file "${file}": open ${file}: no such file or directory`,
    );
  });
});
