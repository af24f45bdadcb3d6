import { describe, expect, it } from 'vitest';

import { hostNetworkFiles } from './network-files.js';

describe('hostNetworkFiles', () => {
  const files: Record<string, string> = {
    '/etc/hosts': '127.0.0.1 localhost\n127.0.0.1 vm',
    '/etc/resolv.conf': 'nameserver 10.0.0.53\n',
  };

  it("copies the host's files and names the host as host.containers.internal", () => {
    const made = hostNetworkFiles(
      (file) => files[file],
      () => '192.0.2.2',
    );

    expect(made.hosts).toBe(
      '127.0.0.1 localhost\n127.0.0.1 vm\n192.0.2.2\thost.containers.internal\n',
    );
    expect(made.resolvConf).toBe('nameserver 10.0.0.53\n');
  });

  it('gives no resolv.conf when the host has none, and no host entry without an address', () => {
    const made = hostNetworkFiles(
      () => undefined,
      () => undefined,
    );

    expect(made).toEqual({ hosts: '', resolvConf: undefined });
  });
});
