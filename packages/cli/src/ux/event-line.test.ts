import type { EngineEvent } from '@skiff/core';
import { describe, expect, it } from 'vitest';

import { goTimeString, humanEventLine } from './event-line.js';

const ID = 'f4bc407dcab9c8a04e1d33914eef74fb438c5bdef76a7f48b523fb085f8a2648';
const TIME = '2026-12-03T23:42:41.119851708Z';

describe('goTimeString', () => {
  it('prints times as Go does', () => {
    expect(goTimeString(TIME)).toBe('2026-12-03 23:42:41.119851708 +0000 UTC');
    expect(goTimeString('2026-12-03T23:39:28.31741930Z')).toBe(
      '2026-12-03 23:39:28.3174193 +0000 UTC',
    );
    expect(goTimeString('2026-12-03T23:39:28Z')).toBe('2026-12-03 23:39:28 +0000 UTC');
    expect(goTimeString('2026-12-04T00:39:28.5+01:00')).toBe('2026-12-04 00:39:28.5 +0100 +0100');
  });
});

describe('humanEventLine', () => {
  // The lines below are what podman 4.3.1 printed for the same events.
  it('prints container events with image, name and labels', () => {
    const event: EngineEvent = {
      ID,
      Image: 'localhost/busybox:latest',
      Name: 'c3',
      Status: 'create',
      Time: TIME,
      Type: 'container',
      Attributes: { b: 'two', a: '1' },
    };

    expect(humanEventLine(event)).toBe(
      `2026-12-03 23:42:41.119851708 +0000 UTC container create ${ID} ` +
        '(image=localhost/busybox:latest, name=c3, a=1, b=two)',
    );
    expect(humanEventLine({ ...event, Attributes: {} }, true)).toBe(
      '2026-12-03 23:42:41.119851708 +0000 UTC container create f4bc407dcab9 ' +
        '(image=localhost/busybox:latest, name=c3)',
    );
  });

  it('prints image, system and volume events', () => {
    const image: EngineEvent = { ID, Name: 'busybox', Status: 'tag', Time: TIME, Type: 'image' };

    expect(humanEventLine(image, true)).toBe(
      '2026-12-03 23:42:41.119851708 +0000 UTC image tag f4bc407dcab9 busybox',
    );
    expect(humanEventLine({ ...image, ID: undefined, Status: 'pull' })).toBe(
      '2026-12-03 23:42:41.119851708 +0000 UTC image pull  busybox',
    );
    expect(humanEventLine({ Status: 'refresh', Time: TIME, Type: 'system' })).toBe(
      '2026-12-03 23:42:41.119851708 +0000 UTC system refresh',
    );
    expect(humanEventLine({ Name: 'v1', Status: 'create', Time: TIME, Type: 'volume' })).toBe(
      '2026-12-03 23:42:41.119851708 +0000 UTC volume create v1',
    );
  });
});
