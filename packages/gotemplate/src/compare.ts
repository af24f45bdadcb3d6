import { FuncError } from './func-error.js';
import { valueKind, type ValueKind } from './value-kind.js';

type Basic = 'bool' | 'number' | 'string' | 'nil' | 'time';

// Go's comparison functions work on basic kinds only. Ints and floats share one class here:
// plain data cannot tell 2 from 2.0, so refusing to compare them would reject Podman's data.
function basicKind(kind: ValueKind): Basic | undefined {
  switch (kind) {
    case 'int':
    case 'float':
      return 'number';
    case 'bool':
    case 'string':
    case 'nil':
    case 'time':
      return kind;
  }
  return undefined;
}

function comparable(value: unknown): { kind: Basic; key: unknown } {
  const kind = basicKind(valueKind(value));
  if (kind === undefined) throw new FuncError('invalid type for comparison');
  if (kind === 'time') return { kind, key: (value as Date).getTime() };
  if (kind === 'number') return { kind, key: typeof value === 'bigint' ? value : Number(value) };
  return { kind, key: value };
}

function equal(a: unknown, b: unknown): boolean {
  const left = comparable(a);
  const right = comparable(b);
  // Go lets anything be compared with nil for equality; it is equal only to nil.
  if (left.kind === 'nil' || right.kind === 'nil') return left.kind === right.kind;
  if (left.kind !== right.kind) throw new FuncError('incompatible types for comparison');
  // Loose equality makes 2n equal to 2, which is the arithmetic comparison Go does for ints.
  return left.key == right.key;
}

function less(a: unknown, b: unknown): boolean {
  const left = comparable(a);
  const right = comparable(b);
  if (left.kind === 'bool' || left.kind === 'nil' || right.kind === 'nil') {
    throw new FuncError('invalid type for comparison');
  }
  if (left.kind !== right.kind) throw new FuncError('incompatible types for comparison');
  return (left.key as number | string) < (right.key as number | string);
}

/** eq is Go's eq: true when the first argument equals any of the others. */
export function eq(first: unknown, ...others: unknown[]): boolean {
  if (others.length === 0) throw new FuncError('missing argument for comparison');
  let result = false;
  for (const other of others) if (equal(first, other)) result = true;
  return result;
}

/** ne is Go's ne. */
export function ne(a: unknown, b: unknown): boolean {
  return !equal(a, b);
}

/** lt is Go's lt: ordered comparison of two numbers or two strings. */
export function lt(a: unknown, b: unknown): boolean {
  return less(a, b);
}

/** le is Go's le. */
export function le(a: unknown, b: unknown): boolean {
  return less(a, b) || equal(a, b);
}

/** gt is Go's gt. */
export function gt(a: unknown, b: unknown): boolean {
  return !less(a, b) && !equal(a, b);
}

/** ge is Go's ge. */
export function ge(a: unknown, b: unknown): boolean {
  return !less(a, b);
}
