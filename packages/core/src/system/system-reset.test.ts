import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { EngineContext } from '../engine-context.js';
import { SystemReset } from './system-reset.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-reset-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** contextAt is the little of an engine a reset of an empty store touches. */
function contextAt(root: string, runroot: string): EngineContext {
  return {
    environment: { root, runroot },
    containers: { list: () => [] },
    close: vi.fn(),
  } as unknown as EngineContext;
}

describe('SystemReset', () => {
  it('refuses a store at / before it touches anything', async () => {
    const ctx = contextAt('/', join(dir, 'run'));

    await expect(new SystemReset(ctx).reset(vi.fn())).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: 'refusing to reset a store at /',
    });
    expect(ctx.close).not.toHaveBeenCalled();
  });

  it('refuses a runroot that resolves to / too', async () => {
    const ctx = contextAt(join(dir, 'root'), '/tmp/..');

    await expect(new SystemReset(ctx).reset(vi.fn())).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
  });

  it('deletes root and runroot and nothing beside them, carrying on past failures', async () => {
    const [root, runroot] = [join(dir, 'root'), join(dir, 'run')];
    mkdirSync(join(root, 'layers'), { recursive: true });
    mkdirSync(runroot);
    writeFileSync(join(root, 'layers', 'file'), 'x');
    writeFileSync(join(dir, 'beside'), 'kept');
    const ctx = contextAt(root, runroot);

    // This context has no database, so the image and volume prunes fail: the reset goes on.
    const report = await new SystemReset(ctx).reset(vi.fn());

    expect(report).toEqual({ stops: [], errors: [expect.anything(), expect.anything()] });
    expect(ctx.close).toHaveBeenCalled();
    expect(() => rmSync(root)).toThrow(/ENOENT/);
    expect(() => rmSync(runroot)).toThrow(/ENOENT/);
    expect(() => rmSync(join(dir, 'beside'))).not.toThrow();
  });
});
