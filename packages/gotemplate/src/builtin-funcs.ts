import { eq, ge, gt, le, lt, ne } from './compare.js';
import { htmlEscape, jsEscape, queryEscape } from './escape.js';
import { fixedArity, variadic, type FuncEntry } from './func-table.js';
import { FuncError } from './func-error.js';
import { sprint, sprintf, sprintln } from './sprintf.js';
import { isTrue, mapSize, typeName, valueKind } from './value-kind.js';

function length(value: unknown): number {
  switch (valueKind(value)) {
    case 'string':
      // Go's len counts bytes, not characters.
      return Buffer.byteLength(value as string, 'utf8');
    case 'array':
      return (value as ArrayLike<unknown>).length;
    case 'map':
      return mapSize(value as object);
    case 'nil':
      throw new FuncError('len of nil pointer');
  }
  throw new FuncError(`len of type ${typeName(value)}`);
}

function position(key: unknown, size: number, what: string): number {
  if (key === null || key === undefined) throw new FuncError(`cannot index ${what} with nil`);
  if (valueKind(key) !== 'int') {
    throw new FuncError(`cannot index ${what} with type ${typeName(key)}`);
  }
  const at = Number(key);
  if (at < 0 || at >= size) throw new FuncError(`index out of range: ${at}`);
  return at;
}

function indexOne(item: unknown, key: unknown): unknown {
  switch (valueKind(item)) {
    case 'nil':
      throw new FuncError('index of untyped nil');
    case 'string': {
      const bytes = Buffer.from(item as string, 'utf8');
      return bytes[position(key, bytes.length, 'slice/array')];
    }
    case 'array': {
      const items = item as ArrayLike<unknown>;
      return items[position(key, items.length, 'slice/array')];
    }
    case 'map':
      return mapLookup(item as object, key);
  }
  throw new FuncError(`can't index item of type ${typeName(item)}`);
}

/** mapLookup reads own entries only, so that no template reaches a prototype's members. */
function mapLookup(map: object, key: unknown): unknown {
  if (map instanceof Map) return map.get(key);
  const name = String(key);
  return Object.hasOwn(map, name) ? (map as Record<string, unknown>)[name] : undefined;
}

function index(args: unknown[]): unknown {
  let current = args[0];
  for (const key of args.slice(1)) current = indexOne(current, key);
  return current;
}

function slice(args: unknown[]): unknown {
  const [item, ...indexes] = args;
  const kind = valueKind(item);
  if (kind === 'nil') throw new FuncError('slice of untyped nil');
  if (kind !== 'string' && kind !== 'array') {
    throw new FuncError(`can't slice item of type ${typeName(item)}`);
  }
  if (indexes.length > 3) throw new FuncError(`too many slice indexes: ${indexes.length}`);
  if (kind === 'string' && indexes.length === 3) {
    throw new FuncError('cannot 3-index slice a string');
  }

  const bytes = kind === 'string' ? Buffer.from(item as string, 'utf8') : undefined;
  const size = bytes ? bytes.length : (item as ArrayLike<unknown>).length;
  const bounds = sliceBounds(indexes, size);
  if (bytes) return bytes.subarray(bounds[0], bounds[1]).toString('utf8');
  return Array.from(item as ArrayLike<unknown>).slice(bounds[0], bounds[1]);
}

function sliceBounds(indexes: unknown[], size: number): number[] {
  const bounds = [0, size, size];
  indexes.forEach((key, i) => (bounds[i] = position(key, size + 1, 'slice/array')));
  for (let i = 1; i < Math.max(indexes.length, 2); i++) {
    if (bounds[i - 1] > bounds[i]) {
      throw new FuncError(`invalid slice index: ${bounds[i - 1]} > ${bounds[i]}`);
    }
  }
  return bounds;
}

function printf(args: unknown[]): string {
  const [format, ...rest] = args;
  if (typeof format !== 'string') throw FuncError.wrongType('string', typeName(format));
  return sprintf(format, rest);
}

/** textOf is how Go's escaping functions turn their arguments into one string. */
function textOf(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args);
}

function call(args: unknown[]): unknown {
  const [fn, ...rest] = args;
  if (typeof fn !== 'function') throw new FuncError(`non-function of type ${typeName(fn)}`);
  return (fn as (...args: unknown[]) => unknown)(...rest);
}

const lazyBool = (lazy: 'and' | 'or'): FuncEntry => ({
  call: () => undefined,
  minArgs: 1,
  maxArgs: Infinity,
  lazy,
});

/** builtinFuncs are the functions every Go template has. */
export const builtinFuncs: ReadonlyMap<string, FuncEntry> = new Map<string, FuncEntry>([
  ['and', lazyBool('and')],
  ['or', lazyBool('or')],
  ['not', fixedArity(1, ([value]) => !isTrue(value))],
  ['len', fixedArity(1, ([value]) => length(value))],
  ['index', variadic(1, index)],
  ['slice', variadic(1, slice)],
  ['print', variadic(0, sprint)],
  ['printf', variadic(1, printf)],
  ['println', variadic(0, sprintln)],
  ['html', variadic(0, (args) => htmlEscape(textOf(args)))],
  ['js', variadic(0, (args) => jsEscape(textOf(args)))],
  ['urlquery', variadic(0, (args) => queryEscape(textOf(args)))],
  ['call', variadic(1, call)],
  ['eq', variadic(1, ([first, ...others]) => eq(first, ...others))],
  ['ne', fixedArity(2, ([a, b]) => ne(a, b))],
  ['lt', fixedArity(2, ([a, b]) => lt(a, b))],
  ['le', fixedArity(2, ([a, b]) => le(a, b))],
  ['gt', fixedArity(2, ([a, b]) => gt(a, b))],
  ['ge', fixedArity(2, ([a, b]) => ge(a, b))],
]);
