import { describe, expect, it } from 'vitest';

import { parseK8sFileRecord, podmanTimestamp } from './k8s-file-record.js';

describe('parseK8sFileRecord', () => {
  it('reads a full record and keeps its content verbatim', () => {
    const record = parseK8sFileRecord('2026-12-03T23:36:04.703358778+00:00 stdout F  a  b ');

    expect(record).toEqual({
      time: BigInt(Date.UTC(2026, 11, 3, 23, 36, 4)) * 1_000_000n + 703_358_778n,
      rawTime: '2026-12-03T23:36:04.703358778+00:00',
      stream: 'stdout',
      partial: false,
      content: ' a  b ',
    });
  });

  it('reads a partial record, an empty line and a record in another zone', () => {
    expect(parseK8sFileRecord('2026-12-03T23:36:04.1+00:00 stderr P half')).toMatchObject({
      stream: 'stderr',
      partial: true,
      content: 'half',
    });
    expect(parseK8sFileRecord('2026-12-03T23:36:04.1+00:00 stdout F ')?.content).toBe('');
    const east = parseK8sFileRecord('2026-12-04T00:36:04+01:00 stdout F x');
    expect(east?.time).toBe(BigInt(Date.UTC(2026, 11, 3, 23, 36, 4)) * 1_000_000n);
  });

  it.each([
    '',
    '2026-12-03T23:36:04.1+00:00 stdout F',
    '2026-12-03T23:36:04.1+00:00 stdin F x',
    '2026-12-03T23:36:04.1+00:00 stdout X x',
    'yesterday stdout F x',
    '2026-12-03T23:3',
  ])('rejects %j', (line) => {
    expect(parseK8sFileRecord(line)).toBeUndefined();
  });
});

describe('podmanTimestamp', () => {
  it('prints times as podman logs -t does', () => {
    expect(podmanTimestamp('2026-12-03T23:39:28.062827286+00:00')).toBe(
      '2026-12-03T23:39:28.062827286Z',
    );
    expect(podmanTimestamp('2026-12-03T23:39:28.317419310+00:00')).toBe(
      '2026-12-03T23:39:28.31741931Z',
    );
    expect(podmanTimestamp('2026-12-03T23:39:28.000000000+00:00')).toBe('2026-12-03T23:39:28Z');
    expect(podmanTimestamp('2026-12-04T00:39:28.500000000+01:00')).toBe(
      '2026-12-04T00:39:28.5+01:00',
    );
  });
});
