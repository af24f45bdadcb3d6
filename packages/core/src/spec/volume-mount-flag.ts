import { InvalidArgument } from '@skiff/contracts';

import { mountOptions, ENGINE_MOUNT_FLAGS } from './volume-mount-options.js';
import { checkVolumeOptions } from './volume-option-check.js';
import {
  checkContainerPath,
  checkNamedVolume,
  type UserMount,
  type UserMountType,
} from './volume-user-mount.js';

const FORMAT =
  'incorrect mount format: should be --mount type=<bind|tmpfs|volume>,' +
  '[src=<host-dir|volume-name>,]target=<ctr-dir>[,options]';
const NEEDS_ARGUMENT = 'must provide an argument for option';
const INVALID = 'invalid mount option';

// Keys every type accepts, beside its own; `consistency` is Docker's and means nothing here.
const COMMON_KEYS = ['type', 'src', 'source', 'dst', 'destination', 'target', 'consistency'];
const FLAG_KEYS = ['readonly', 'ro', 'rw', 'nosuid', 'suid', 'nodev', 'dev', 'noexec', 'exec'];
const TYPE_KEYS: Record<UserMountType, readonly string[]> = {
  bind: ['bind-propagation', 'bind-nonrecursive', 'relabel'],
  volume: [],
  tmpfs: ['tmpfs-size', 'tmpfs-mode', 'tmpcopyup', 'notmpcopyup'],
};

/** MountDraft is a `--mount` value being read, key by key. */
interface MountDraft {
  type: UserMountType;
  source?: string;
  destination?: string;
  options: string[];
  readOnlySet: boolean;
  relabel?: 'z' | 'Z';
}

/**
 * parseMountFlag reads one `--mount` value, `type=bind|volume|tmpfs,src=...,dst=...,...`, as
 * Podman 4.3.1 does, with its error texts: `relabel=private` is `Z`, `relabel=shared` is `z`,
 * and only binds may be relabelled. A bind without a source binds its destination's path.
 */
export function parseMountFlag(value: string): UserMount {
  const fields = value.split(',');
  const draft: MountDraft = { type: mountType(fields), options: [], readOnlySet: false };
  for (const field of fields) readField(draft, field);
  return finish(draft, value);
}

function mountType(fields: readonly string[]): UserMountType {
  const field = fields.find((candidate) => candidate.startsWith('type='));
  if (field === undefined) throw new InvalidArgument(FORMAT);

  const type = field.slice('type='.length);
  if (type !== 'bind' && type !== 'volume' && type !== 'tmpfs') {
    throw new InvalidArgument(`invalid filesystem type "${type}"`);
  }
  return type;
}

function readField(draft: MountDraft, field: string): void {
  const eq = field.indexOf('=');
  const key = eq < 0 ? field : field.slice(0, eq);
  const value = eq < 0 ? undefined : field.slice(eq + 1);
  const known = [...COMMON_KEYS, ...FLAG_KEYS, ...TYPE_KEYS[draft.type]];
  if (!known.includes(key)) throw new InvalidArgument(`${key}: ${INVALID}`);

  switch (key) {
    case 'type':
    case 'consistency':
      return;
    case 'src':
    case 'source':
      if (draft.type === 'tmpfs') {
        throw new InvalidArgument('source is not supported with tmpfs mounts');
      }
      draft.source = value ?? '';
      return;
    case 'dst':
    case 'destination':
    case 'target':
      draft.destination = value ?? '';
      return;
    case 'readonly':
    case 'ro':
    case 'rw':
      return readOnly(draft, key, value);
    case 'relabel':
      return relabel(draft, value);
    default:
      draft.options.push(typedOption(key, value));
  }
}

function readOnly(draft: MountDraft, key: string, value: string | undefined): void {
  if (draft.readOnlySet) {
    throw new InvalidArgument(
      `cannot pass 'readonly', 'ro', or 'rw' options more than once: ${NEEDS_ARGUMENT}`,
    );
  }
  draft.readOnlySet = true;

  const setting = value === undefined ? 'true' : value.toLowerCase();
  if (setting !== 'true' && setting !== 'false') {
    throw new InvalidArgument(
      `'readonly', 'ro', or 'rw' must be set to true or false, instead received "${value}": ` +
        NEEDS_ARGUMENT,
    );
  }
  const readOnly = (key === 'rw') !== (setting === 'true');
  draft.options.push(readOnly ? 'ro' : 'rw');
}

function relabel(draft: MountDraft, value: string | undefined): void {
  if (draft.relabel) {
    throw new InvalidArgument(`cannot pass 'relabel' option more than once: ${NEEDS_ARGUMENT}`);
  }
  if (value !== 'private' && value !== 'shared') {
    throw new InvalidArgument(`relabel mount option must be 'private' or 'shared': ${INVALID}`);
  }
  draft.relabel = value === 'private' ? 'Z' : 'z';
}

// The remaining keys become mount options: Docker's spellings turned into mount(8)'s.
function typedOption(key: string, value: string | undefined): string {
  switch (key) {
    case 'bind-propagation':
      return value ?? '';
    case 'bind-nonrecursive':
      return 'bind';
    case 'tmpfs-size':
      return `size=${value ?? ''}`;
    case 'tmpfs-mode':
      return `mode=${value ?? ''}`;
    default:
      return key;
  }
}

function finish(draft: MountDraft, value: string): UserMount {
  const destination = draft.destination;
  if (destination === undefined || destination === '') {
    throw new InvalidArgument('must set volume destination');
  }
  checkContainerPath(destination);
  if (draft.type === 'tmpfs') mountOptions(draft.options, true, ENGINE_MOUNT_FLAGS);
  else checkVolumeOptions(draft.options);

  let source = draft.source ?? '';
  if (draft.type === 'bind' && source === '') source = destination;
  if (draft.type === 'volume' && source !== '') checkNamedVolume(source);
  const mount: UserMount = {
    type: draft.type,
    source,
    destination,
    options: draft.options,
    flag: `--mount ${value}`,
  };
  if (draft.relabel) mount.relabel = draft.relabel;
  return mount;
}
