import { SkiffError } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { engineRlimits, mergeRlimits, parseUlimit } from './rlimits.js';

// RLIM_INFINITY (2^64-1) as the nearest double; serializeSpec spells it out exactly.
const INFINITY = 2 ** 64;

function refusal(text: string): string {
  try {
    parseUlimit(text);
  } catch (error) {
    if (SkiffError.is(error) && error.code === 'InvalidArgument') return error.message;
    throw error;
  }
  return expect.unreachable(`expected ${text} to be refused`);
}

describe('parseUlimit', () => {
  it('reads name=soft:hard into an OCI rlimit', () => {
    expect(parseUlimit('nofile=1024:2048')).toEqual({
      type: 'RLIMIT_NOFILE',
      soft: 1024,
      hard: 2048,
    });
  });

  it('uses the soft limit as the hard one when only one is given', () => {
    expect(parseUlimit('core=0')).toEqual({ type: 'RLIMIT_CORE', soft: 0, hard: 0 });
  });

  it.each([
    ['nproc', 'RLIMIT_NPROC'],
    ['memlock', 'RLIMIT_MEMLOCK'],
    ['rttime', 'RLIMIT_RTTIME'],
    ['as', 'RLIMIT_AS'],
  ])('maps %s to %s', (name, type) => {
    expect(parseUlimit(`${name}=5`).type).toBe(type);
  });

  it('reads -1 as unlimited, for either limit', () => {
    expect(parseUlimit('nofile=-1')).toMatchObject({ soft: INFINITY, hard: INFINITY });
    expect(parseUlimit('nofile=100:-1')).toMatchObject({ soft: 100, hard: INFINITY });
  });

  it.each([
    ['nofile', 'invalid ulimit argument: nofile'],
    ['', 'invalid ulimit argument: '],
    ['files=5', 'invalid ulimit type: files'],
    ['NOFILE=5', 'invalid ulimit type: NOFILE'],
    [
      'nofile=1:2:3',
      'too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`',
    ],
    ['nofile=abc', 'strconv.ParseInt: parsing "abc": invalid syntax'],
    ['nofile=', 'strconv.ParseInt: parsing "": invalid syntax'],
    ['nofile=1.5', 'strconv.ParseInt: parsing "1.5": invalid syntax'],
    ['nofile=abc:def', 'strconv.ParseInt: parsing "def": invalid syntax'],
    ['nofile=10:5', 'ulimit soft limit must be less than or equal to hard limit: 10 > 5'],
    [
      'nofile=-1:100',
      'ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: 100',
    ],
    ['nofile=-5', 'invalid ulimit value: -5'],
  ])('refuses %j: %s', (text, reason) => {
    expect(refusal(text)).toBe(
      `ulimit option "${text}" requires name=SOFT:HARD, failed to be parsed: ${reason}`,
    );
  });
});

describe('engineRlimits', () => {
  it('gives Podman defaults when the caller has no lower hard limits', () => {
    expect(engineRlimits({})).toEqual([
      { type: 'RLIMIT_NOFILE', soft: 1048576, hard: 1048576 },
      { type: 'RLIMIT_NPROC', soft: 4194304, hard: 4194304 },
    ]);
  });

  it('caps each default at the caller hard limit of the same type', () => {
    const limits = engineRlimits({ RLIMIT_NOFILE: 20000, RLIMIT_CORE: 1 });

    expect(limits).toEqual([
      { type: 'RLIMIT_NOFILE', soft: 20000, hard: 20000 },
      { type: 'RLIMIT_NPROC', soft: 4194304, hard: 4194304 },
    ]);
  });

  it('keeps a default that is below the caller hard limit', () => {
    const limits = engineRlimits({ RLIMIT_NPROC: Number.MAX_SAFE_INTEGER });

    expect(limits[1]).toEqual({ type: 'RLIMIT_NPROC', soft: 4194304, hard: 4194304 });
  });
});

describe('mergeRlimits', () => {
  it('lets a later group replace a type in the place it first appeared', () => {
    const engine = engineRlimits({});
    const configured = [parseUlimit('core=0'), parseUlimit('nofile=100:200')];
    const user = [parseUlimit('nofile=300'), parseUlimit('stack=8192')];

    expect(mergeRlimits(engine, configured, user)).toEqual([
      { type: 'RLIMIT_NOFILE', soft: 300, hard: 300 },
      { type: 'RLIMIT_NPROC', soft: 4194304, hard: 4194304 },
      { type: 'RLIMIT_CORE', soft: 0, hard: 0 },
      { type: 'RLIMIT_STACK', soft: 8192, hard: 8192 },
    ]);
  });

  it('keeps the last of two limits of one type in the same group', () => {
    const limits = mergeRlimits([parseUlimit('nofile=1'), parseUlimit('nofile=2')]);

    expect(limits).toEqual([{ type: 'RLIMIT_NOFILE', soft: 2, hard: 2 }]);
  });

  it('gives nothing for no groups', () => {
    expect(mergeRlimits()).toEqual([]);
    expect(mergeRlimits([], [])).toEqual([]);
  });
});
