import { isPlainObject, typeName, valueKind } from './value-kind.js';

/** FieldLookup is what `.Name` finds on a value. */
export type FieldLookup =
  | { kind: 'value'; value: unknown }
  | { kind: 'method'; method: (...args: unknown[]) => unknown; receiver: object }
  | { kind: 'missing' }
  | { kind: 'error'; reason: string };

const MISSING: FieldLookup = { kind: 'missing' };

function member(receiver: object, value: unknown): FieldLookup {
  if (typeof value === 'function') {
    return { kind: 'method', method: value as (...args: unknown[]) => unknown, receiver };
  }
  return { kind: 'value', value };
}

/**
 * lookupField finds a field or map key. Objects are read as Go maps: a missing key is no
 * value, unless `strict` asks for Go's struct behaviour, where it is an error. As in Go, a
 * function-valued field is a value (for `call`), while a method that a class declares is
 * called, with the receiver as `this`; getters are read either way.
 *
 * Only own properties, and for class instances the members their classes declare, are
 * visible: nothing on Object.prototype (`constructor` above all) can be reached, so a
 * template cannot climb to Function and run code of its own.
 *
 * TODO: Dates have no fields here, while Go's time.Time has methods (`.Unix`, `.Format`) that
 * some Podman formats call; they need a Go time layout formatter first.
 */
export function lookupField(receiver: unknown, name: string, strict: boolean): FieldLookup {
  switch (valueKind(receiver)) {
    case 'nil':
      if (receiver === null && strict) {
        return { kind: 'error', reason: `nil pointer evaluating interface {}.${name}` };
      }
      return MISSING;
    case 'map':
      if (receiver instanceof Map) {
        return receiver.has(name) ? { kind: 'value', value: receiver.get(name) } : MISSING;
      }
      return objectField(receiver as object, name, strict);
    case 'struct':
      return objectField(receiver as object, name, strict);
  }
  return { kind: 'error', reason: `can't evaluate field ${name} in type ${typeName(receiver)}` };
}

function objectField(receiver: object, name: string, strict: boolean): FieldLookup {
  if (Object.hasOwn(receiver, name)) {
    return { kind: 'value', value: (receiver as Record<string, unknown>)[name] };
  }
  const member = isPlainObject(receiver) ? undefined : classMember(receiver, name);
  if (member) return member;
  if (!strict) return MISSING;
  return { kind: 'error', reason: `can't evaluate field ${name} in type ${typeName(receiver)}` };
}

function classMember(receiver: object, name: string): FieldLookup | undefined {
  if (name === 'constructor') return undefined;
  let proto: object | null = Object.getPrototypeOf(receiver) as object | null;
  while (proto !== null && proto !== Object.prototype) {
    if (Object.hasOwn(proto, name)) {
      return member(receiver, (receiver as Record<string, unknown>)[name]);
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return undefined;
}
