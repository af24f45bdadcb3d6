/** Node's names for processor architectures, spelled as Go (and so OCI images) spell them. */
const GO_NAMES: Readonly<Record<string, string>> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle',
};

/**
 * goArch returns the OCI `architecture` of this machine (`amd64` on x86-64). Node reports
 * `ppc64` for both byte orders; Linux distributions ship little-endian only, hence `ppc64le`.
 * An architecture Go has no other name for keeps Node's.
 */
export function goArch(nodeArch: string = process.arch): string {
  return GO_NAMES[nodeArch] ?? nodeArch;
}
