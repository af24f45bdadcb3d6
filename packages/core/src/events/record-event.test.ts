import 'reflect-metadata';

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ContainerPaths } from '../container/container-paths.js';
import { EngineContext } from '../engine-context.js';
import { eventTime } from './event-time.js';
import { recordContainerEvent, recordEvent } from './record-event.js';

let dir: string;
let ctx: EngineContext;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-record-event-'));
  ctx = new EngineContext({ root: join(dir, 'root'), runroot: join(dir, 'run'), env: {} });
});

afterEach(() => {
  ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

function journaled(): Record<string, unknown>[] {
  const path = new ContainerPaths(join(dir, 'root'), join(dir, 'run')).eventLog();
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('recordEvent', () => {
  it('journals under the runroot, timed now unless told', () => {
    const before = Date.now();
    recordEvent(ctx, { Status: 'refresh', Type: 'system' });
    recordEvent(ctx, { Status: 'tag', Type: 'image', Name: 'bb', Time: '2026-12-03T23:00:00Z' });

    const [refresh, tag] = journaled();
    expect(Date.parse(refresh.Time as string)).toBeGreaterThanOrEqual(before - 1);
    expect(refresh.Time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/);
    expect(tag).toEqual({
      Name: 'bb',
      Status: 'tag',
      Time: '2026-12-03T23:00:00Z',
      Type: 'image',
      Attributes: null,
    });
  });

  it('journals container events as Podman words them', () => {
    const container = { id: 'f4bc407d', name: 'c3', imageName: 'localhost/busybox:latest' };
    recordContainerEvent(ctx, container, 'start');
    recordContainerEvent(ctx, container, 'died', { exitCode: 3, attributes: { a: '1' } });

    const [start, died] = journaled();
    expect(Object.keys(start)).toEqual([
      'ID',
      'Image',
      'Name',
      'Status',
      'Time',
      'Type',
      'Attributes',
    ]);
    expect(start).toMatchObject({ ID: 'f4bc407d', Name: 'c3', Status: 'start', Attributes: {} });
    expect(died).toMatchObject({ ContainerExitCode: 3, Status: 'died', Attributes: { a: '1' } });
  });
});

describe('eventTime', () => {
  it('renders Go RFC3339Nano in UTC', () => {
    const base = BigInt(Date.UTC(2026, 11, 3, 23, 39, 28)) * 1_000_000n;

    expect(eventTime(base + 317_419_310n)).toBe('2026-12-03T23:39:28.31741931Z');
    expect(eventTime(base)).toBe('2026-12-03T23:39:28Z');
    expect(eventTime(base + 1n)).toBe('2026-12-03T23:39:28.000000001Z');
  });
});
