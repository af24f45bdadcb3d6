import { SkiffError } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { decodeProfile } from './decode-profile.js';

function failureOf(json: string): string {
  try {
    decodeProfile(json);
  } catch (error) {
    expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    return SkiffError.chain(error).join(': ');
  }
  throw new Error('expected a failure');
}

const PREFIX = 'decoding seccomp profile failed: json: cannot unmarshal';

describe('decodeProfile', () => {
  it('fills every absent key with its zero value', () => {
    expect(decodeProfile('{"syscalls": [{"names": ["a"]}]}')).toEqual({
      defaultAction: '',
      defaultErrnoRet: undefined,
      defaultErrno: '',
      architectures: [],
      archMap: [],
      syscalls: [
        {
          name: '',
          names: ['a'],
          action: '',
          args: [],
          comment: '',
          includes: { caps: [], arches: [] },
          excludes: { caps: [], arches: [] },
          errnoRet: undefined,
          errno: '',
        },
      ],
      flags: [],
      listenerPath: '',
      listenerMetadata: '',
    });
  });

  it('treats a null document like an empty one', () => {
    expect(decodeProfile('null')).toEqual(decodeProfile('{}'));
  });

  it('matches keys case-insensitively, later keys winning', () => {
    const profile = decodeProfile('{"DEFAULTACTION": "A", "defaultaction": "B", "Flags": ["f"]}');

    expect(profile.defaultAction).toBe('B');
    expect(profile.flags).toEqual(['f']);
  });

  it('folds the long s and the Kelvin sign like Go', () => {
    const profile = decodeProfile('{"\u017fyscalls": [{"names": ["a"]}], "\u212aeep": 1}');

    expect(profile.syscalls).toHaveLength(1);
  });

  it('keeps null rule and argument entries for the conversion to judge', () => {
    const profile = decodeProfile('{"syscalls": [null, {"args": [null]}]}');

    expect(profile.syscalls[0]).toBeNull();
    expect(profile.syscalls[1]?.args).toEqual([null]);
  });

  it('keeps large integers as numbers', () => {
    const profile = decodeProfile('{"syscalls": [{"args": [{"value": 4294967295}]}]}');

    expect(profile.syscalls[0]?.args[0]?.value).toBe(4294967295);
  });
});

describe('decodeProfile errors', () => {
  it('reports JSON syntax errors on one line', () => {
    const message = failureOf('{\n"defaultAction": \n}');

    expect(message).toMatch(/^decoding seccomp profile failed: unexpected token/);
    expect(message).not.toContain('\n');
    expect(failureOf('')).toBe('decoding seccomp profile failed: unexpected end of JSON input');
  });

  it.each([
    ['[]', 'array into Go value of type seccomp.Seccomp'],
    ['"x"', 'string into Go value of type seccomp.Seccomp'],
    [
      '{"defaultAction": 5}',
      'number into Go struct field Seccomp.defaultAction of type seccomp.Action',
    ],
    [
      '{"defaultAction": true}',
      'bool into Go struct field Seccomp.defaultAction of type seccomp.Action',
    ],
    [
      '{"defaultErrnoRet": -1}',
      'number -1 into Go struct field Seccomp.defaultErrnoRet of type uint',
    ],
    [
      '{"defaultErrnoRet": -0}',
      'number -0 into Go struct field Seccomp.defaultErrnoRet of type uint',
    ],
    ['{"defaultErrno": 5}', 'number into Go struct field Seccomp.defaultErrno of type string'],
    [
      '{"architectures": "x"}',
      'string into Go struct field Seccomp.architectures of type []seccomp.Arch',
    ],
    [
      '{"architectures": [5]}',
      'number into Go struct field Seccomp.architectures of type seccomp.Arch',
    ],
    [
      '{"archMap": {}}',
      'object into Go struct field Seccomp.archMap of type []seccomp.Architecture',
    ],
    [
      '{"archMap": [5]}',
      'number into Go struct field Seccomp.archMap of type seccomp.Architecture',
    ],
    [
      '{"archMap": [{"subArchitectures": [5]}]}',
      'number into Go struct field Architecture.archMap.subArchitectures of type seccomp.Arch',
    ],
    ['{"syscalls": {}}', 'object into Go struct field Seccomp.syscalls of type []*seccomp.Syscall'],
    ['{"syscalls": ["x"]}', 'string into Go struct field Seccomp.syscalls of type seccomp.Syscall'],
    [
      '{"syscalls": [{"names": "mkdir"}]}',
      'string into Go struct field Syscall.syscalls.names of type []string',
    ],
    [
      '{"syscalls": [{"names": [5]}]}',
      'number into Go struct field Syscall.syscalls.names of type string',
    ],
    [
      '{"syscalls": [{"args": [5]}]}',
      'number into Go struct field Syscall.syscalls.args of type seccomp.Arg',
    ],
    [
      '{"syscalls": [{"args": [{"index": -1}]}]}',
      'number -1 into Go struct field Arg.syscalls.args.index of type uint',
    ],
    [
      '{"syscalls": [{"args": [{"value": 1.5}]}]}',
      'number 1.5 into Go struct field Arg.syscalls.args.value of type uint64',
    ],
    [
      '{"syscalls": [{"args": [{"value": 36893488147419103232}]}]}',
      'number 36893488147419103000 into Go struct field Arg.syscalls.args.value of type uint64',
    ],
    [
      '{"syscalls": [{"args": [{"op": 5}]}]}',
      'number into Go struct field Arg.syscalls.args.op of type seccomp.Operator',
    ],
    [
      '{"syscalls": [{"includes": []}]}',
      'array into Go struct field Syscall.syscalls.includes of type seccomp.Filter',
    ],
    [
      '{"syscalls": [{"excludes": {"arches": [true]}}]}',
      'bool into Go struct field Filter.syscalls.excludes.arches of type string',
    ],
    [
      '{"syscalls": [{"errnoRet": "1"}]}',
      'string into Go struct field Syscall.syscalls.errnoRet of type uint',
    ],
    ['{"flags": [5]}', 'number into Go struct field Seccomp.flags of type string'],
    ['{"listenerPath": 5}', 'number into Go struct field Seccomp.listenerPath of type string'],
  ])('words a type mismatch in %s like Podman', (json, expected) => {
    expect(failureOf(json)).toBe(`${PREFIX} ${expected}`);
  });

  it('reports the first mismatch in document order', () => {
    expect(failureOf('{"defaultAction": 5, "syscalls": "x"}')).toBe(
      `${PREFIX} number into Go struct field Seccomp.defaultAction of type seccomp.Action`,
    );
  });
});
