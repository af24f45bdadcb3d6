import { InvalidArgument } from '@skiff/contracts';

/** Podman's default detach sequence. */
export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

// The control characters past ctrl-z, by the key that types them.
const CONTROL_PUNCTUATION: Record<string, number> = {
  '@': 0,
  '[': 27,
  '\\': 28,
  ']': 29,
  '^': 30,
  _: 31,
};

/**
 * parseDetachKeys turns Podman's `--detach-keys` spelling (`ctrl-p,ctrl-q`, `a,ctrl-x`) into the
 * bytes to watch for; an empty string disables detaching.
 */
export function parseDetachKeys(spec: string): number[] {
  if (spec === '') return [];
  return spec.split(',').map(parseKey);
}

function parseKey(key: string): number {
  if (key.length === 1) return key.charCodeAt(0);

  const match = /^ctrl-(.)$/.exec(key);
  const char = match?.[1].toLowerCase();
  if (char !== undefined && char >= 'a' && char <= 'z') return char.charCodeAt(0) - 96;
  if (char !== undefined && char in CONTROL_PUNCTUATION) return CONTROL_PUNCTUATION[char];
  throw new InvalidArgument(`invalid detach keys: Unknown character: '${key}'`);
}
