// Templates tell Go structs from Go maps by prototype: a plain object is a map, a class
// instance a struct, whose type name (its constructor's name) appears in Go's error for a
// missing field. Podman's messages name its own types, `*define.InspectContainerState`, which
// no class can be declared as, so the classes are made here, one per name.

const classes = new Map<string, new () => object>();
const JSON_VALUE = Symbol('json');

function structClass(type: string): new () => object {
  let made = classes.get(type);
  if (made) return made;

  // A computed key names the class: the name may hold `*`, `.` and spaces.
  made = {
    [type]: class {
      toJSON(this: Record<symbol, unknown>): unknown {
        return this[JSON_VALUE];
      }
    },
  }[type];
  classes.set(type, made);
  return made;
}

/**
 * goStruct makes a value that templates read as a Go struct of type `type` with `fields`: a
 * field it lacks is an error, as in Go. `json`, when given, is what the `json` function prints
 * for it, for types whose JSON keys differ from their field names (`info`'s `.Host.OS` is
 * `host.os`); otherwise the fields are printed.
 */
export function goStruct(type: string, fields: Record<string, unknown>, json?: unknown): object {
  const made = Object.assign(new (structClass(type))(), fields);
  // A symbol key: templates reach string keys only, so the JSON stays out of their sight.
  Object.defineProperty(made, JSON_VALUE, { value: json === undefined ? plain(fields) : json });
  return made;
}

// JSON.stringify sees a Map as `{}`: a map field is printed as the object it stands for.
function plain(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object' || Object.hasOwn(value, JSON_VALUE)) return value;
  if (value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}
