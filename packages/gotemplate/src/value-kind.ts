/**
 * ValueKind is the Go kind a JavaScript value stands for in a template:
 * - `nil`: null and undefined;
 * - `int` and `float`: a number is an int when it is whole and fits Go's int64, since plain
 *   data cannot tell 2 from 2.0; bigints are ints;
 * - `map`: plain objects (keys are visited in sorted order, as Go does for maps) and Maps;
 * - `struct`: instances of classes, whose fields are their properties;
 * - `time`: Date, printed as Go prints a time.Time.
 */
export type ValueKind =
  'nil' | 'bool' | 'int' | 'float' | 'string' | 'array' | 'map' | 'struct' | 'time' | 'func';

const INT64_LIMIT = 2 ** 63;

/** valueKind classifies a value. */
export function valueKind(value: unknown): ValueKind {
  switch (typeof value) {
    case 'undefined':
      return 'nil';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return Number.isInteger(value) && Math.abs(value) < INT64_LIMIT ? 'int' : 'float';
    case 'string':
      return 'string';
    case 'function':
      return 'func';
    case 'symbol':
      return 'struct';
  }
  return objectKind(value as object | null);
}

function objectKind(value: object | null): ValueKind {
  if (value === null) return 'nil';
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return 'array';
  if (value instanceof Date) return 'time';
  if (value instanceof Map || isPlainObject(value)) return 'map';
  return 'struct';
}

/** isPlainObject is true for object literals and objects without a prototype. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** typeName names a value's type as Go would in messages and `%T`. */
export function typeName(value: unknown): string {
  switch (valueKind(value)) {
    case 'nil':
      return '<nil>';
    case 'bool':
      return 'bool';
    case 'int':
      return typeof value === 'bigint' ? 'int64' : 'int';
    case 'float':
      return 'float64';
    case 'string':
      return 'string';
    case 'array':
      return '[]interface {}';
    case 'map':
      return value instanceof Map ? 'map[interface {}]interface {}' : 'map[string]interface {}';
    case 'time':
      return 'time.Time';
    case 'func':
      return 'func';
  }
  const name = (value as object).constructor?.name;
  return name ? name : 'struct';
}

/**
 * isTrue is Go's notion of a non-empty value: false, 0, nil, and empty strings, arrays and maps
 * are false; structs, times and functions are always true.
 */
export function isTrue(value: unknown): boolean {
  switch (valueKind(value)) {
    case 'nil':
      return false;
    case 'bool':
      return value as boolean;
    case 'int':
    case 'float':
      return typeof value === 'bigint' ? value !== 0n : value !== 0;
    case 'string':
      return (value as string).length > 0;
    case 'array':
      return (value as ArrayLike<unknown>).length > 0;
    case 'map':
      return mapSize(value as object) > 0;
  }
  return true;
}

/** mapSize counts the entries of a map value. */
export function mapSize(value: object): number {
  return value instanceof Map ? value.size : Object.keys(value).length;
}

/** mapEntries lists a map value's entries with keys in Go's sorted order. */
export function mapEntries(value: object): Array<[unknown, unknown]> {
  const entries: Array<[unknown, unknown]> =
    value instanceof Map ? [...value.entries()] : Object.entries(value);
  return entries.sort(([a], [b]) => compareKeys(a, b));
}

/** compareKeys orders map keys: numbers by value, strings by code unit, others by kind. */
export function compareKeys(a: unknown, b: unknown): number {
  const kindA = valueKind(a);
  const kindB = valueKind(b);
  const numeric = (kind: ValueKind) => kind === 'int' || kind === 'float';
  if (numeric(kindA) && numeric(kindB)) return Number(a) - Number(b);
  if (kindA !== kindB) return kindA < kindB ? -1 : 1;
  const textA = String(a);
  const textB = String(b);
  return textA < textB ? -1 : textA > textB ? 1 : 0;
}
