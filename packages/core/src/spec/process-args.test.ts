import type { OciImageRunConfig } from '@skiff/contracts';
import { SkiffError } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { processArgs } from './process-args.js';

const BOTH: OciImageRunConfig = { Entrypoint: ['/entry', '--flag'], Cmd: ['serve', '-v'] };
const CMD_ONLY: OciImageRunConfig = { Cmd: ['/bin/sh', '-c', 'echo hi'] };

const NO_COMMAND = 'no command or entrypoint provided, and no CMD or ENTRYPOINT from image';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (SkiffError.is(error) && error.code === 'InvalidArgument') return error.message;
    throw error;
  }
  return expect.unreachable('expected an InvalidArgument');
}

describe('processArgs', () => {
  it('runs the image Entrypoint followed by its Cmd', () => {
    expect(processArgs(BOTH, undefined, [])).toEqual({
      args: ['/entry', '--flag', 'serve', '-v'],
      entrypointFrom: 'image',
      commandFrom: 'image',
    });
  });

  it('runs the image Cmd alone when the image has no Entrypoint', () => {
    expect(processArgs(CMD_ONLY, undefined, [])).toEqual({
      args: ['/bin/sh', '-c', 'echo hi'],
      entrypointFrom: 'none',
      commandFrom: 'image',
    });
  });

  it('replaces the image Cmd with the command the user gave, keeping the Entrypoint', () => {
    expect(processArgs(BOTH, undefined, ['migrate'])).toEqual({
      args: ['/entry', '--flag', 'migrate'],
      entrypointFrom: 'image',
      commandFrom: 'user',
    });
  });

  it('drops the image Cmd when the user names an entrypoint', () => {
    expect(processArgs(BOTH, '/bin/sh', [])).toEqual({
      args: ['/bin/sh'],
      entrypointFrom: 'user',
      commandFrom: 'none',
    });
    expect(processArgs(BOTH, '/bin/sh', ['-c', 'id']).args).toEqual(['/bin/sh', '-c', 'id']);
  });

  it('reads --entrypoint as a JSON array of strings', () => {
    expect(processArgs(BOTH, '["/bin/sh", "-c"]', ['id']).args).toEqual(['/bin/sh', '-c', 'id']);
  });

  it('takes --entrypoint as one word when it is not a JSON array of strings', () => {
    expect(processArgs({}, '[not json', []).args).toEqual(['[not json']);
    expect(processArgs({}, '[1, 2]', []).args).toEqual(['[1, 2]']);
    expect(processArgs({}, '/usr/bin/env FOO=1', []).args).toEqual(['/usr/bin/env FOO=1']);
  });

  it("clears the entrypoint and the image Cmd with --entrypoint ''", () => {
    expect(processArgs(BOTH, '', ['/bin/echo', 'x'])).toEqual({
      args: ['/bin/echo', 'x'],
      entrypointFrom: 'user',
      commandFrom: 'user',
    });
    expect(refusal(() => processArgs(BOTH, '', []))).toBe(NO_COMMAND);
  });

  it('runs no entrypoint for [""], from the user or from the image', () => {
    expect(refusal(() => processArgs(BOTH, '[""]', []))).toBe(NO_COMMAND);
    expect(processArgs(BOTH, '[""]', ['id']).args).toEqual(['id']);
    expect(processArgs({ Entrypoint: [''], Cmd: ['id'] }, undefined, []).args).toEqual(['id']);
  });

  it("keeps the image Cmd with --entrypoint '[]', as Podman does", () => {
    expect(processArgs(BOTH, '[]', [])).toEqual({
      args: ['serve', '-v'],
      entrypointFrom: 'user',
      commandFrom: 'image',
    });
  });

  it('refuses a container with nothing to run', () => {
    expect(refusal(() => processArgs({}, undefined, []))).toBe(NO_COMMAND);
    expect(refusal(() => processArgs({ Entrypoint: [], Cmd: [] }, undefined, []))).toBe(NO_COMMAND);
  });
});
