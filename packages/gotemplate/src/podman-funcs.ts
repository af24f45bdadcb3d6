import { formatValue } from './format-value.js';
import { fixedArity, type FuncEntry } from './func-table.js';
import { FuncError } from './func-error.js';
import { isPlainObject, typeName, valueKind } from './value-kind.js';

function text(value: unknown): string {
  if (typeof value !== 'string') throw FuncError.wrongType('string', typeName(value));
  return value;
}

function count(value: unknown): number {
  if (valueKind(value) !== 'int') throw FuncError.wrongType('int', typeName(value));
  return Number(value);
}

/**
 * join is strings.Join. Go insists on a []string; JSON-shaped data has mixed arrays, so other
 * elements are printed as `{{.}}` would print them, and a lone string stands for itself, which
 * keeps `{{join .Names ","}}` working on a table's header row.
 */
function join(list: unknown, separator: unknown): string {
  const sep = text(separator);
  if (typeof list === 'string') return list;
  if (valueKind(list) !== 'array') throw FuncError.wrongType('[]string', typeName(list));
  const items = Array.from(list as ArrayLike<unknown>, (item) =>
    typeof item === 'string' ? item : formatValue(item),
  );
  return items.join(sep);
}

function split(value: unknown, separator: unknown): string[] {
  const source = text(value);
  const sep = text(separator);
  return sep === '' ? [...source] : source.split(sep);
}

/** title is strings.Title: the first letter of each word upper-cased, the rest kept. */
function title(value: unknown): string {
  let out = '';
  let previous = ' ';
  for (const ch of text(value)) {
    out += isSeparator(previous) ? ch.toUpperCase() : ch;
    previous = ch;
  }
  return out;
}

function isSeparator(ch: string): boolean {
  if (ch.charCodeAt(0) < 0x80) return !/[A-Za-z0-9_]/.test(ch);
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false;
  return /\s/u.test(ch);
}

/** truncate keeps the first `length` characters; Podman's counts bytes, the same for ASCII. */
function truncate(value: unknown, length: unknown): string {
  const chars = [...text(value)];
  const limit = count(length);
  return chars.length < limit ? chars.join('') : chars.slice(0, limit).join('');
}

function pad(value: unknown, prefix: unknown, suffix: unknown): string {
  const source = text(value);
  if (source === '') return source;
  return ' '.repeat(Math.max(count(prefix), 0)) + source + ' '.repeat(Math.max(count(suffix), 0));
}

/** json is Podman's json function: compact JSON, without Go's HTML escaping. */
function json(value: unknown): string {
  const encoded = JSON.stringify(jsonValue(value, 0)) ?? 'null';
  // Go's encoder escapes these two even with HTML escaping off: they end lines in JavaScript.
  return encoded.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function jsonValue(value: unknown, depth: number): unknown {
  if (depth > 64) throw new FuncError('json: value nested too deeply');
  switch (valueKind(value)) {
    case 'nil':
    case 'func':
      return null;
    case 'int':
    case 'float':
      return jsonNumber(value as number | bigint);
    case 'time':
      return rfc3339(value as Date);
    case 'array':
      return Array.from(value as ArrayLike<unknown>, (item) => jsonValue(item, depth + 1));
  }
  if (typeof value !== 'object' || value === null) return value;
  return jsonObject(value, depth);
}

function jsonNumber(value: number | bigint): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new FuncError(`json: unsupported value: ${formatValue(n)}`);
  return n;
}

function jsonObject(value: object, depth: number): unknown {
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (!isPlainObject(value) && typeof toJSON === 'function') return toJSON.call(value);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    if (item !== undefined) out[String(key)] = jsonValue(item, depth + 1);
  }
  return out;
}

/** rfc3339 is how Go's encoding/json writes a time: RFC 3339 with the fraction trimmed. */
function rfc3339(date: Date): string {
  if (Number.isNaN(date.getTime())) return '0001-01-01T00:00:00Z';
  return date.toISOString().replace(/\.?0+Z$/, 'Z');
}

/** podmanFuncs are the functions Podman adds to every --format template. */
export const podmanFuncs: ReadonlyMap<string, FuncEntry> = new Map<string, FuncEntry>([
  ['json', fixedArity(1, ([value]) => json(value))],
  ['lower', fixedArity(1, ([value]) => text(value).toLowerCase())],
  ['upper', fixedArity(1, ([value]) => text(value).toUpperCase())],
  ['title', fixedArity(1, ([value]) => title(value))],
  ['join', fixedArity(2, ([list, sep]) => join(list, sep))],
  ['split', fixedArity(2, ([value, sep]) => split(value, sep))],
  ['truncate', fixedArity(2, ([value, length]) => truncate(value, length))],
  ['pad', fixedArity(3, ([value, prefix, suffix]) => pad(value, prefix, suffix))],
]);
