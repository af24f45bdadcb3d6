import { InvalidArgument } from '@skiff/contracts';

import { ERRNO_TABLE } from './errno-table.js';
import type { NativeArch } from './native-arch.js';

const UINT32_MAX = 0xffff_ffff;

// Architectures whose errno numbers are not the generic ones. PowerPC differs in one alias only.
const PPC = new Set(['ppc', 'ppc64', 'ppc64le']);
const OWN_NUMBERING = /^(mips|sparc|alpha|parisc)/;

/**
 * resolveErrno turns a profile's errno into a number the way Podman does: a non-empty string
 * form wins over the legacy numeric one; decimal digits are a number (at most 2^32-1); anything
 * else is a symbolic name. Throws InvalidArgument `unknown errno X` for names it cannot place.
 */
export function resolveErrno(
  text: string,
  legacy: number | undefined,
  arch: NativeArch,
): number | undefined {
  if (text === '') return legacy;

  if (/^[0-9]+$/.test(text) && Number(text) <= UINT32_MAX) return Number(text);

  return lookUpName(text, arch);
}

function lookUpName(name: string, arch: NativeArch): number {
  const entry = ERRNO_TABLE.get(name);
  if (entry === undefined) throw new InvalidArgument(`unknown errno ${name}`);

  if (PPC.has(arch.name) && name === 'EDEADLOCK') return 58;

  // TODO: MIPS, SPARC, Alpha and PA-RISC number most errors differently and Skiff carries only
  // the generic table; refusing beats returning a wrong errno from a security rule.
  if (OWN_NUMBERING.test(arch.name)) {
    throw new InvalidArgument(
      `cannot resolve errno ${name} on ${arch.name}: use its number in the profile instead`,
    );
  }

  return entry.code;
}
