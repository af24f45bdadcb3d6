import { goStruct } from './go-struct.js';

/**
 * GoShape is the Go type behind a JSON value, as far as templates can tell: a struct with a
 * type name (a missing field is an error), or a map (a missing key is `<no value>`).
 */
export interface GoShape {
  /** The struct's Go type, as Go's errors name it; objects without one are `struct`. */
  type?: string;
  /** The object is a Go map rather than a struct; null is an empty map, as Go prints nil. */
  map?: boolean;
  /** Shapes of a struct's fields, by JSON key. */
  fields?: Readonly<Record<string, GoShape>>;
  /** The shape of an array's items or of a map's values. */
  items?: GoShape;
}

/** GoViewOptions say how JSON keys become Go field names. */
export interface GoViewOptions {
  /** fieldName names the Go field of a JSON key; by default they are the same. */
  fieldName?: (key: string) => string;
}

/** MAP_SHAPE is a Go map of strings or other plain values. */
export const MAP_SHAPE: GoShape = { map: true };

/**
 * goView turns JSON as Skiff prints it into the value Podman's templates run on: objects
 * become structs or maps as `shape` says, and `json` of a struct prints its original JSON.
 */
export function goView(json: unknown, shape: GoShape = {}, options: GoViewOptions = {}): unknown {
  if (Array.isArray(json)) return json.map((item) => goView(item, shape.items, options));
  if (shape.map) return goMap(json, shape, options);
  if (json === null || typeof json !== 'object') return json;

  const fieldName = options.fieldName ?? ((key: string) => key);
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    fields[fieldName(key)] = goView(value, shape.fields?.[key], options);
  }
  // A Go struct always has its map fields: where the JSON leaves one out, it is a nil map.
  for (const [key, field] of Object.entries(shape.fields ?? {})) {
    if (field.map && !(fieldName(key) in fields)) fields[fieldName(key)] = new Map();
  }
  return goStruct(shape.type ?? 'struct', fields, json);
}

function goMap(json: unknown, shape: GoShape, options: GoViewOptions): Map<string, unknown> {
  const map = sortedMap(json);
  for (const [key, value] of map) map.set(key, goView(value, shape.items, options));
  return map;
}

/**
 * sortedMap makes a Go map of an object's entries, null an empty one. The keys are sorted,
 * as Go's encoding/json writes a map's, so that `json` of it prints what Podman prints.
 */
export function sortedMap(object: unknown): Map<string, unknown> {
  const entries = object !== null && typeof object === 'object' ? Object.entries(object) : [];
  return new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
