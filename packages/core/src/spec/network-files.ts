import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

/** HostNetworkFiles are the name-resolution files of a container in the host's network. */
export interface HostNetworkFiles {
  hosts: string;
  /** Absent when the host has no /etc/resolv.conf. */
  resolvConf?: string;
}

/**
 * hostNetworkFiles are /etc/hosts and /etc/resolv.conf as Podman gives a container in the
 * host's network: copies of the host's own, the hosts file with `host.containers.internal`
 * naming the host's first address, so that the container sees the names the host sees.
 */
export function hostNetworkFiles(
  read: (file: string) => string | undefined = readText,
  address: () => string | undefined = firstAddress,
): HostNetworkFiles {
  const hosts = withNewline(read('/etc/hosts') ?? '');
  const ip = address();
  const internal = ip ? `${ip}\thost.containers.internal\n` : '';
  const resolvConf = read('/etc/resolv.conf');
  return { hosts: hosts + internal, resolvConf };
}

// Podman names the host by its first address that is not loopback.
function firstAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  return undefined;
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
