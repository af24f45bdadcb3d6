import { InvalidArgument, SkiffError } from '@skiff/contracts';

import type { SeccompProfile } from './seccomp-profile.js';

// Podman decodes profiles with Go's encoding/json into typed structs, and users see its rules:
// keys match case-insensitively, unknown keys are ignored, null leaves the zero value, and a
// value of the wrong JSON type is an error naming the Go field and type. The schema below holds
// the Go names so the errors read exactly like Podman's.

type Schema = TextSchema | UintSchema | ListSchema | StructSchema;

interface TextSchema {
  kind: 'text';
  goType: string;
}

interface UintSchema {
  kind: 'uint';
  goType: string;
  /** A Go pointer (`*uint`): absent and null stay undefined instead of becoming 0. */
  optional: boolean;
}

interface ListSchema {
  kind: 'list';
  goType: string;
  item: Schema;
}

interface StructSchema {
  kind: 'struct';
  goType: string;
  goName: string;
  fields: Readonly<Record<string, Schema>>;
  /** A Go pointer element (`[]*Syscall`): a null element stays null. */
  nullable: boolean;
}

/** Where a value sits: the Go struct holding the field and the field's dotted JSON path. */
interface Where {
  owner: string;
  path: string;
}

const text = (goType = 'string'): TextSchema => ({ kind: 'text', goType });

const uint = (goType: string, optional = false): UintSchema => ({ kind: 'uint', goType, optional });

const list = (goType: string, item: Schema): ListSchema => ({ kind: 'list', goType, item });

const struct = (
  goName: string,
  fields: StructSchema['fields'],
  nullable = false,
): StructSchema => ({
  kind: 'struct',
  goType: `seccomp.${goName}`,
  goName,
  fields,
  nullable,
});

const STRINGS = list('[]string', text());

const ARCHES = list('[]seccomp.Arch', text('seccomp.Arch'));

const FILTER = struct('Filter', { caps: STRINGS, arches: STRINGS });

const ARG = struct(
  'Arg',
  {
    index: uint('uint'),
    value: uint('uint64'),
    valueTwo: uint('uint64'),
    op: text('seccomp.Operator'),
  },
  true,
);

const SYSCALL = struct(
  'Syscall',
  {
    name: text(),
    names: STRINGS,
    action: text('seccomp.Action'),
    args: list('[]*seccomp.Arg', ARG),
    comment: text(),
    includes: FILTER,
    excludes: FILTER,
    errnoRet: uint('uint', true),
    errno: text(),
  },
  true,
);

const ARCHITECTURE = struct('Architecture', {
  architecture: text('seccomp.Arch'),
  subArchitectures: ARCHES,
});

const PROFILE = struct('Seccomp', {
  defaultAction: text('seccomp.Action'),
  defaultErrnoRet: uint('uint', true),
  defaultErrno: text(),
  architectures: ARCHES,
  archMap: list('[]seccomp.Architecture', ARCHITECTURE),
  syscalls: list('[]*seccomp.Syscall', SYSCALL),
  flags: STRINGS,
  listenerPath: text(),
  listenerMetadata: text(),
});

const UINT64_LIMIT = 2 ** 64;

/**
 * decodeProfile parses a profile's JSON text with Go's decoding rules. Throws InvalidArgument
 * `decoding seccomp profile failed` with the JSON or type error as its cause.
 */
export function decodeProfile(json: string): SeccompProfile {
  const value = parse(json);

  try {
    return decode(PROFILE, value, { owner: '', path: '' }) as SeccompProfile;
  } catch (error) {
    if (!SkiffError.is(error)) throw error;
    throw new InvalidArgument('decoding seccomp profile failed', { cause: error });
  }
}

function parse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    // V8 quotes the offending source, newlines and all; keep the message to one line.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
    const detail = new InvalidArgument(message.charAt(0).toLowerCase() + message.slice(1));
    throw new InvalidArgument('decoding seccomp profile failed', { cause: detail });
  }
}

function decode(schema: Schema, value: unknown, where: Where): unknown {
  if (value === null) return zeroOf(schema);

  switch (schema.kind) {
    case 'text':
      return typeof value === 'string' ? value : mismatch(kindOf(value), schema, where);
    case 'uint':
      return decodeUint(schema, value, where);
    case 'list':
      return decodeList(schema, value, where);
    case 'struct':
      return decodeStruct(schema, value, where);
  }
}

function decodeUint(schema: UintSchema, value: unknown, where: Where): number {
  if (typeof value !== 'number') return mismatch(kindOf(value), schema, where);

  // 2^64 itself passes: it is also what 2^64-1 parses to, and that one is valid.
  if (!Number.isInteger(value) || value < 0 || Object.is(value, -0) || value > UINT64_LIMIT) {
    const literal = Object.is(value, -0) ? '-0' : String(value);
    return mismatch(`number ${literal}`, schema, where);
  }

  return value;
}

function decodeList(schema: ListSchema, value: unknown, where: Where): unknown[] {
  if (!Array.isArray(value)) return mismatch(kindOf(value), schema, where);

  const { item } = schema;
  return value.map((element: unknown) =>
    element === null && item.kind === 'struct' && item.nullable
      ? null
      : decode(item, element, where),
  );
}

function decodeStruct(schema: StructSchema, value: unknown, where: Where): object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return mismatch(kindOf(value), schema, where);
  }

  const decoded = zeroOf(schema) as Record<string, unknown>;
  for (const [key, raw] of Object.entries(value)) {
    const field = fieldFor(schema, key);
    if (field === undefined) continue;

    const path = where.path === '' ? field : `${where.path}.${field}`;
    decoded[field] = decode(schema.fields[field], raw, { owner: schema.goName, path });
  }

  return decoded;
}

function fieldFor(schema: StructSchema, key: string): string | undefined {
  if (Object.hasOwn(schema.fields, key)) return key;

  // Go's case folding also equates the long s and the Kelvin sign with `s` and `k`;
  // toLowerCase already handles the Kelvin sign.
  const folded = key.replace(/\u017f/g, 's').toLowerCase();
  return Object.keys(schema.fields).find((field) => field.toLowerCase() === folded);
}

function zeroOf(schema: Schema): unknown {
  switch (schema.kind) {
    case 'text':
      return '';
    case 'uint':
      return schema.optional ? undefined : 0;
    case 'list':
      return [];
    case 'struct':
      return Object.fromEntries(
        Object.entries(schema.fields).map(([field, fieldSchema]) => [field, zeroOf(fieldSchema)]),
      );
  }
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';

  return typeof value === 'object' ? 'object' : typeof value;
}

function mismatch(what: string, schema: Schema, where: Where): never {
  const target = where.path === '' ? 'Go value' : `Go struct field ${where.owner}.${where.path}`;
  throw new InvalidArgument(
    `json: cannot unmarshal ${what} into ${target} of type ${schema.goType}`,
  );
}
