import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { RuntimeLog } from './runtime-log.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-runtime-log-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function entry(level: string, msg: string): string {
  return `${JSON.stringify({ level, msg, time: '2024-01-01T00:00:00Z' })}\n`;
}

describe('RuntimeLog', () => {
  it('finds nothing when the log does not exist', () => {
    const log = RuntimeLog.mark(join(dir, 'absent.log'));

    expect(log.grew()).toBe(false);
    expect(log.lastFailure()).toBeUndefined();
  });

  it('returns the last error written after the mark', async () => {
    const path = join(dir, 'runtime.log');
    await appendFile(path, entry('error', 'from an earlier run'));
    const log = RuntimeLog.mark(path);

    await appendFile(path, entry('warning', 'a warning'));
    await appendFile(path, entry('error', 'first'));
    await appendFile(path, entry('error', 'last'));

    expect(log.lastFailure()).toBe('last');
  });

  it('ignores failures that were logged before the mark', async () => {
    const path = join(dir, 'runtime.log');
    await appendFile(path, entry('error', 'from an earlier run'));
    const log = RuntimeLog.mark(path);

    await appendFile(path, entry('info', 'fine'));

    expect(log.grew()).toBe(true);
    expect(log.lastFailure()).toBeUndefined();
  });

  it('skips lines that are not JSON', () => {
    const text = `garbage\n${entry('error', 'real')}{"level":"error","msg":`;

    expect(RuntimeLog.lastFailureIn(text)).toBe('real');
  });
});
