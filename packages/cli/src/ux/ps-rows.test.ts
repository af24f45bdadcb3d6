import type { ContainerSummary } from '@skiff/core';
import { describe, expect, it } from 'vitest';

import { PsReporter, psJson, psTable, statusText } from './ps-rows.js';

const NOW = Date.parse('2026-01-01T00:10:00.5Z');

function summary(fields: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    id: '8cae91961c15b47eae07ce4474de93b05fed2b6b6032f36419eec9c3cc110529',
    image: 'localhost/busybox:latest',
    imageId: '32de317986864d3d4569d7079b6af9a6fe10d957c124c5d3be5ab58b3bfe5417',
    command: ['sh', '-c', 'echo hi > /f; exit 0'],
    created: '2026-01-01T00:08:00.25Z',
    status: { status: 'created', exitCode: 0, pid: 0 },
    names: ['c1'],
    labels: {},
    autoRemove: false,
    mounts: [],
    ...fields,
  };
}

describe('statusText', () => {
  it('words states as Podman, measuring from whole seconds', () => {
    const running = { status: 'running', exitCode: 0, pid: 7, startedAt: '2026-01-01T00:09:59.9Z' };
    expect(statusText(summary({ status: running as never }), NOW)).toBe('Up 1 second ago');
    const exited = { status: 'exited', exitCode: 3, pid: 0, finishedAt: '2026-01-01T00:07:00Z' };
    expect(statusText(summary({ status: exited as never }), NOW)).toBe('Exited (3) 3 minutes ago');
    expect(statusText(summary(), NOW)).toBe('Created');
    expect(statusText(summary({ status: { status: 'paused', exitCode: 0, pid: 1 } }), NOW)).toBe(
      'Paused',
    );
  });
});

describe('PsReporter', () => {
  it('gives template fields Podman shapes, truncated unless asked not to', () => {
    const row = new PsReporter(summary({ labels: { a: '1' } }), { noTrunc: false, now: NOW });
    expect(row).toMatchObject({
      ID: '8cae91961c15',
      ImageID: '32de31798686',
      Command: 'sh -c echo hi > /...',
      Names: 'c1',
      CreatedAt: '2026-01-01 00:08:00.25 +0000 UTC',
      CreatedHuman: '2 minutes ago',
      RunningFor: '2 minutes ago',
      State: 'Created',
      Status: 'Created',
      Ports: '',
      Size: '',
      ExitedAt: -62135596800,
      Labels: { a: '1' },
    });
    expect(row.Created).toEqual(new Date('2026-01-01T00:08:00.25Z'));
    const full = new PsReporter(summary(), { noTrunc: true, now: NOW });
    expect(full.ID).toHaveLength(64);
    expect(full.Command).toBe('sh -c echo hi > /f; exit 0');
  });

  it('prints sizes as ps --size does', () => {
    const size = { rootFsSize: 1984295, rwSize: 12 };
    expect(new PsReporter(summary({ size }), { noTrunc: false, now: NOW }).Size).toBe(
      '12B (virtual 1.98MB)',
    );
  });
});

describe('psJson', () => {
  it('prints Podman keys in order, with Go escapes and its empty-object layout', () => {
    const text = psJson([summary()], NOW);
    const [entry] = JSON.parse(text);
    expect(Object.keys(entry)).toEqual([
      'AutoRemove',
      'Command',
      'CreatedAt',
      'Exited',
      'ExitedAt',
      'ExitCode',
      'Id',
      'Image',
      'ImageID',
      'IsInfra',
      'Labels',
      'Mounts',
      'Names',
      'Namespaces',
      'Networks',
      'Pid',
      'Pod',
      'PodName',
      'Ports',
      'Size',
      'StartedAt',
      'State',
      'Status',
      'Created',
    ]);
    expect(entry).toMatchObject({ Labels: null, Ports: null, Size: null, Created: 1767226080 });
    expect(text).toContain('"echo hi \\u003e /f; exit 0"');
    expect(text).toContain('    "Namespaces": {\n      \n    },\n');
    expect(psJson([], NOW)).toBe('[]\n');
  });
});

describe('psTable', () => {
  it('pads columns to at least 12, as Podman tabwriter does, and drops the header on request', () => {
    const rows = [new PsReporter(summary(), { noTrunc: false, now: NOW })];
    const text = psTable(rows, { size: false, pod: false, noHeading: false });
    expect(text.split('\n')[0]).toBe(
      'CONTAINER ID  IMAGE                     COMMAND               CREATED        ' +
        'STATUS      PORTS       NAMES',
    );
    const bare = psTable(rows, { size: false, pod: false, noHeading: true });
    expect(bare.split('\n')).toHaveLength(2);
    expect(bare).toMatch(/^8cae91961c15 {2}/);
  });
});
