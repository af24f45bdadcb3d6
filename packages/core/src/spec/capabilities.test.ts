import { readFileSync } from 'node:fs';

import { SkiffError } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import {
  DEFAULT_CAPABILITIES,
  hostCapabilities,
  mergeCapabilities,
  normalizeCapability,
} from './capabilities.js';

// The default set in kernel number order, which is the order mergeCapabilities returns.
const DEFAULTS_BY_NUMBER = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_SETFCAP',
];

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (SkiffError.is(error) && error.code === 'InvalidArgument') return error.message;
    throw error;
  }
  return expect.unreachable('expected an InvalidArgument');
}

describe('normalizeCapability', () => {
  it.each(['net_admin', 'NET_ADMIN', 'cap_net_admin', 'CAP_NET_ADMIN', ' Net_Admin '])(
    'turns %j into CAP_NET_ADMIN',
    (name) => {
      expect(normalizeCapability(name)).toBe('CAP_NET_ADMIN');
    },
  );

  it('keeps ALL in any case as ALL', () => {
    expect(normalizeCapability('all')).toBe('ALL');
    expect(normalizeCapability('All')).toBe('ALL');
  });

  it('refuses an unknown capability, naming it in full', () => {
    expect(refusal(() => normalizeCapability('foo'))).toBe('"CAP_FOO": unknown capability');
    expect(refusal(() => normalizeCapability('CAP_ALL'))).toBe('"CAP_ALL": unknown capability');
  });
});

describe('hostCapabilities', () => {
  it('lists exactly the capabilities of this process bounding set, in kernel order', () => {
    const line = /^CapBnd:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    // Only the 41 capabilities up to CAP_CHECKPOINT_RESTORE have names here.
    const mask = BigInt(`0x${line?.[1] ?? '0'}`) & ((1n << 41n) - 1n);
    const caps = hostCapabilities();

    const bitsSet = mask
      .toString(2)
      .split('')
      .filter((bit) => bit === '1').length;
    expect(caps.length).toBe(bitsSet);
    expect(caps.map(normalizeCapability)).toEqual(caps);
    expect(mergeCapabilities(caps, [], [])).toEqual(caps);
  });
});

describe('mergeCapabilities', () => {
  it('returns the base set in kernel number order when nothing is added or dropped', () => {
    expect(mergeCapabilities(DEFAULT_CAPABILITIES, [], [])).toEqual(DEFAULTS_BY_NUMBER);
  });

  it('normalises the base set, as containers.conf may spell it', () => {
    expect(mergeCapabilities(['net_raw', 'CHOWN'], [], [])).toEqual(['CAP_CHOWN', 'CAP_NET_RAW']);
    expect(refusal(() => mergeCapabilities(['bogus'], [], []))).toBe(
      '"CAP_BOGUS": unknown capability',
    );
  });

  it('adds a capability in its kernel number place, once', () => {
    const caps = mergeCapabilities(DEFAULT_CAPABILITIES, ['net_admin', 'CHOWN', 'NET_ADMIN'], []);

    expect(caps).toEqual([
      ...DEFAULTS_BY_NUMBER.slice(0, 9),
      'CAP_NET_ADMIN',
      ...DEFAULTS_BY_NUMBER.slice(9),
    ]);
  });

  it('drops a capability, and ignores dropping one the set lacks', () => {
    const caps = mergeCapabilities(DEFAULT_CAPABILITIES, [], ['chown', 'SYS_ADMIN']);

    expect(caps).toEqual(DEFAULTS_BY_NUMBER.slice(1));
  });

  it('lets a drop win over an add of the same capability', () => {
    const caps = mergeCapabilities(
      DEFAULT_CAPABILITIES,
      ['NET_ADMIN', 'KILL'],
      ['net_admin', 'kill'],
    );

    expect(caps).toEqual(DEFAULTS_BY_NUMBER.filter((cap) => cap !== 'CAP_KILL'));
  });

  it('starts from nothing with --cap-drop ALL, keeping only explicit adds', () => {
    expect(mergeCapabilities(DEFAULT_CAPABILITIES, [], ['ALL'])).toEqual([]);
    expect(mergeCapabilities(DEFAULT_CAPABILITIES, ['NET_RAW', 'chown'], ['all', 'CHOWN'])).toEqual(
      ['CAP_CHOWN', 'CAP_NET_RAW'],
    );
  });

  it('gives the engine bounding set with --cap-add ALL, less what is dropped', () => {
    const host = hostCapabilities();

    expect(mergeCapabilities(DEFAULT_CAPABILITIES, ['ALL'], [])).toEqual(host);
    expect(mergeCapabilities([], ['all'], ['SYS_ADMIN', 'CHOWN'])).toEqual(
      host.filter((cap) => cap !== 'CAP_SYS_ADMIN' && cap !== 'CAP_CHOWN'),
    );
  });

  it('refuses an unknown capability in add or drop', () => {
    expect(refusal(() => mergeCapabilities(DEFAULT_CAPABILITIES, ['FOO'], []))).toBe(
      '"CAP_FOO": unknown capability',
    );
    expect(refusal(() => mergeCapabilities(DEFAULT_CAPABILITIES, [], ['cap_bar']))).toBe(
      '"CAP_BAR": unknown capability',
    );
  });
});
