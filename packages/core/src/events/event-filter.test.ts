import { SkiffError } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import type { EngineEvent } from './engine-event.js';
import { eventFilter } from './event-filter.js';

const C1 = 'f4bc407dcab9c8a04e1d33914eef74fb438c5bdef76a7f48b523fb085f8a2648';
const C2 = 'ee5d8cc91a4f5bc5db21b11ac1dbe0ef93c2d400e8caadf999899dfc4d41c729';
const IMG = '75823fc21aac6b5c93febf27da6c7e19baa4dac6c54ba3e303b3eb854e1f3fbd';
const TIME = '2026-12-03T23:42:41.119851708Z';

function container(id: string, name: string, status: EngineEvent['Status']): EngineEvent {
  const labels = name === 'c1' ? { a: '1', b: 'two' } : {};
  return {
    ID: id,
    Image: 'localhost/busybox:latest',
    Name: name,
    Status: status,
    Time: TIME,
    Type: 'container',
    Attributes: labels,
  };
}

const EVENTS: EngineEvent[] = [
  { Status: 'refresh', Time: TIME, Type: 'system' },
  { ID: IMG, Name: 'busybox', Status: 'tag', Time: TIME, Type: 'image' },
  container(C1, 'c1', 'create'),
  container(C1, 'c1', 'died'),
  container(C2, 'c2', 'create'),
  container(C2, 'c2', 'died'),
  { Name: 'data', Status: 'create', Time: TIME, Type: 'volume' },
];

function matching(...filters: string[]): string[] {
  const matches = eventFilter(filters);
  return EVENTS.filter(matches).map((event) => `${event.Type} ${event.Status} ${event.Name ?? ''}`);
}

describe('eventFilter', () => {
  it('passes everything without filters', () => {
    expect(matching()).toHaveLength(EVENTS.length);
  });

  it('ORs values of one key and ANDs different keys, as Podman', () => {
    expect(matching('event=create', 'event=died', 'container=c2')).toEqual([
      'container create c2',
      'container died c2',
    ]);
    // `event` and `status` are the same test under two keys, so both must hold.
    expect(matching('event=died', 'status=create')).toEqual([]);
    expect(matching('status=tag')).toEqual(['image tag busybox']);
  });

  it('matches containers and images by name or id prefix, only events of their type', () => {
    expect(matching('container=f4bc40', 'event=died')).toEqual(['container died c1']);
    expect(matching('Container=c1')).toHaveLength(2);
    expect(matching('image=busybox')).toEqual(['image tag busybox']);
    expect(matching('image=75823f')).toEqual(['image tag busybox']);
    expect(matching('image=localhost/busybox:latest')).toEqual([]);
  });

  it('matches types, labels given as key=value, and volumes by name prefix', () => {
    expect(matching('type=system')).toEqual(['system refresh ']);
    expect(matching('label=a=1', 'event=create')).toEqual(['container create c1']);
    expect(matching('label=a')).toEqual([]);
    expect(matching('label=constructor=x')).toEqual([]);
    expect(matching('volume=da')).toEqual(['volume create data']);
  });

  it('rejects unknown keys and values without = in Podman words', () => {
    const message = (filter: string) => {
      try {
        eventFilter([filter]);
      } catch (error) {
        expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
        return (error as Error).message;
      }
      return 'accepted';
    };

    expect(message('foo=bar')).toBe('foo is an invalid filter');
    expect(message('since=1h')).toBe('since is an invalid filter');
    expect(message('container')).toBe('container is an invalid filter');
  });
});
