/**
 * NativeArch is the host architecture as seccomp profiles see it: `name` is libseccomp's
 * spelling, which `includes.arches` and `excludes.arches` are matched against, and
 * `archMapKey` is the `archMap` entry that applies to it, when there is one.
 */
export interface NativeArch {
  readonly name: string;
  readonly archMapKey?: string;
}

// Go and libseccomp agree on most names; these are the ones where they do not.
const GO_TO_LIBSECCOMP: Readonly<Record<string, string>> = {
  '386': 'x86',
  mipsle: 'mipsel',
  mips64le: 'mipsel64',
};

// Only these natives pick an `archMap` entry: Podman 4.3.1 leaves every other host (x86, arm,
// ppc64le, riscv64 ...) without an `architectures` list, so libseccomp uses the native one.
const ARCH_MAP_KEYS: Readonly<Record<string, string>> = {
  amd64: 'SCMP_ARCH_X86_64',
  arm64: 'SCMP_ARCH_AARCH64',
  mips64: 'SCMP_ARCH_MIPS64',
  mips64n32: 'SCMP_ARCH_MIPS64N32',
  mipsel64: 'SCMP_ARCH_MIPSEL64',
  mipsel64n32: 'SCMP_ARCH_MIPSEL64N32',
  s390x: 'SCMP_ARCH_S390X',
};

/**
 * nativeArch maps a Go architecture name (`amd64`, `386`, `mips64le` ...) to the seccomp view of
 * it. Names it does not know are kept as given, so libseccomp spellings work too.
 */
export function nativeArch(goArch: string): NativeArch {
  const name = Object.hasOwn(GO_TO_LIBSECCOMP, goArch) ? GO_TO_LIBSECCOMP[goArch] : goArch;
  const archMapKey = Object.hasOwn(ARCH_MAP_KEYS, name) ? ARCH_MAP_KEYS[name] : undefined;

  return archMapKey === undefined ? { name } : { name, archMapKey };
}
