import { NoSuchContainer, type ContainerState } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import type { StoredContainer } from '../state/container-store.js';
import type { VolumeAttachment } from '../volume/volume-attachments.js';
import { containerFilter, type ContainerFilterContext } from './container-filters.js';

const IMAGE_ID = 'a'.repeat(64);

function container(
  name: string,
  id: string,
  created: string,
  state: Partial<ContainerState> = {},
  options: Record<string, unknown> = {},
): StoredContainer {
  return {
    id,
    name,
    imageId: IMAGE_ID,
    imageName: 'localhost/busybox:latest',
    created,
    command: ['true'],
    options: { autoRemove: false, ...options },
    state: { status: 'created', exitCode: 0, pid: 0, ...state },
  } as unknown as StoredContainer;
}

const ALL = [
  container('web', '8cae91961c15', '2026-01-01T00:00:01Z', {}, { labels: ['tier=front'] }),
  container('db', 'c8818ca2a511', '2026-01-01T00:00:02Z', { status: 'exited', exitCode: 3 }),
  container(
    'cache',
    '635ad5702f4c',
    '2026-01-01T00:00:03Z',
    { status: 'running' },
    {
      restart: 'on-failure:3',
    },
  ),
  container('worker', 'ba5bfdf284b0', '2026-01-01T00:00:04Z', { status: 'stopped' }),
];

const VOLUMES: Record<string, VolumeAttachment[]> = {
  worker: [
    {
      mount: { type: 'volume', destination: '/data' },
      source: '/v/data/_data',
      options: [],
      volume: 'data',
    } as unknown as VolumeAttachment,
  ],
};

const context: ContainerFilterContext = {
  resolve(nameOrId) {
    const found = ALL.find((c) => c.name === nameOrId || c.id.startsWith(nameOrId));
    if (!found) throw new NoSuchContainer(nameOrId);
    return found;
  },
  labels: (c) => (c.name === 'web' ? { tier: 'front', app: 'shop' } : { app: 'shop' }),
  volumes: (c) => VOLUMES[c.name] ?? [],
  now: () => Date.parse('2026-01-01T00:00:10Z'),
};

function names(...filters: string[]): string[] {
  return ALL.filter(containerFilter(filters, context)).map((c) => c.name);
}

function failure(...filters: string[]): string {
  try {
    containerFilter(filters, context);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

describe('containerFilter', () => {
  it('matches ids and names as unanchored regular expressions, ignoring bad ones', () => {
    expect(names('id=8c')).toEqual(['web', 'db']);
    expect(names('id=^8c')).toEqual(['web']);
    expect(names('name=^(web|db)$')).toEqual(['web', 'db']);
    expect(names('name=(')).toEqual([]);
  });

  it('ORs values of one key and ANDs different keys', () => {
    expect(names('name=web', 'name=db')).toEqual(['web', 'db']);
    expect(names('name=web', 'name=db', 'id=c88')).toEqual(['db']);
  });

  it('ANDs label values, with key-only and glob keys', () => {
    expect(names('label=tier')).toEqual(['web']);
    expect(names('label=app=shop', 'label=tier=front')).toEqual(['web']);
    expect(names('label=app=shop', 'label=tier=back')).toEqual([]);
    expect(names('label=ti*')).toEqual(['web']);
    expect(names('label=app=sh*')).toEqual([]);
  });

  it('reads status as Podman does: stopped and exited are one, bad states are refused', () => {
    expect(names('status=exited')).toEqual(['db', 'worker']);
    expect(names('status=stopped')).toEqual(['db', 'worker']);
    expect(names('status=running', 'status=created')).toEqual(['web', 'cache']);
    expect(failure('status=Exited')).toBe('unknown container state: Exited: invalid argument');
  });

  it('matches exit codes of exited containers and words bad codes as Podman', () => {
    expect(names('exited=3')).toEqual(['db']);
    expect(names('exited=0')).toEqual(['worker']);
    expect(failure('exited=abc')).toBe(
      `exited code out of range '\\x00': strconv.ParseInt: parsing "abc": invalid syntax`,
    );
    expect(failure('exited=99999999999')).toBe(
      `exited code out of range '\uFFFD': strconv.ParseInt: parsing "99999999999": value out of range`,
    );
  });

  it('compares creation times with before and since, from the oldest container named', () => {
    expect(names('before=cache')).toEqual(['web', 'db']);
    expect(names('before=cache', 'before=db')).toEqual(['web']);
    expect(names('since=db')).toEqual(['cache', 'worker']);
    expect(names('since=web', 'since=db')).toEqual(['db', 'cache', 'worker']);
    expect(failure('before=nothere')).toBe(
      'no container with name or ID "nothere" found: no such container',
    );
  });

  it('matches the image by full id, full name, or name without a latest tag', () => {
    expect(names(`ancestor=${IMAGE_ID}`)).toHaveLength(4);
    expect(names('ancestor=localhost/busybox:latest')).toHaveLength(4);
    expect(names('ancestor=localhost/busybox')).toHaveLength(4);
    expect(names('ancestor=busybox')).toEqual([]);
    expect(names(`ancestor=${IMAGE_ID.slice(0, 12)}`)).toEqual([]);
  });

  it('selects by restart policy, none meaning no policy given', () => {
    expect(names('restart-policy=on-failure')).toEqual(['cache']);
    expect(names('restart-policy=none')).toEqual(['web', 'db', 'worker']);
    expect(names('restart-policy=no')).toEqual([]);
    expect(failure('restart-policy=bogus')).toBe('bogus invalid restart policy');
    expect(failure('restart-policy=x', 'restart-policy=y')).toBe('x, y invalid restart policies');
  });

  it('selects by volume name or bind source, optionally with the destination', () => {
    expect(names('volume=data')).toEqual(['worker']);
    expect(names('volume=data:/data')).toEqual(['worker']);
    expect(names('volume=data:/other')).toEqual([]);
  });

  it('takes until as a time or a duration before now', () => {
    expect(names('until=2026-01-01T00:00:02.5Z')).toEqual(['web', 'db']);
    expect(names('until=7s')).toEqual(['web', 'db']);
    expect(failure('until=bogus')).toBe('failed to parse value as time or duration: "bogus"');
  });

  it('matches nothing for pods, networks and health, which Skiff does not have', () => {
    expect(names('pod=x')).toEqual([]);
    expect(names('network=none')).toEqual([]);
    expect(names('health=healthy')).toEqual([]);
  });

  it('refuses unknown keys and values without a key in Podman words', () => {
    expect(failure('bogus=1')).toBe('bogus is an invalid filter');
    expect(failure('=x')).toBe(' is an invalid filter');
    expect(failure('name')).toBe('invalid filter "name"');
  });
});
