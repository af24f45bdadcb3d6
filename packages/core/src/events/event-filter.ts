import { InvalidArgument } from '@skiff/contracts';

import type { EngineEvent, EventType } from './engine-event.js';

/** EventPredicate tells whether an event passes the filters. */
export type EventPredicate = (event: EngineEvent) => boolean;

/**
 * eventFilter builds the predicate of `events --filter` values, as Podman does: values under
 * the same key (as typed, so `event` and `status` are two keys) match if any matches, and
 * every key must match. Keys are `container`, `event`/`status`, `image`, `label`, `pod`,
 * `type` and `volume`, in any case. An unknown key or a value without `=` is InvalidArgument.
 */
export function eventFilter(filters: readonly string[]): EventPredicate {
  const byKey = new Map<string, EventPredicate[]>();
  for (const filter of filters) {
    const eq = filter.indexOf('=');
    if (eq < 0) throw new InvalidArgument(`${filter} is an invalid filter`);
    const key = filter.slice(0, eq);
    const predicate = predicateFor(key, filter.slice(eq + 1));
    byKey.set(key, [...(byKey.get(key) ?? []), predicate]);
  }

  const groups = [...byKey.values()];
  return (event) => groups.every((group) => group.some((matches) => matches(event)));
}

function predicateFor(key: string, value: string): EventPredicate {
  switch (key.toLowerCase()) {
    case 'container':
      return byNameOrId('container', value);
    case 'image':
      return byNameOrId('image', value);
    case 'pod':
      // Skiff has no pods yet, but Podman accepts this key.
      return byNameOrId('pod', value);
    case 'event':
    case 'status':
      return (event) => event.Status === value;
    case 'type':
      return (event) => event.Type === value;
    case 'volume':
      // Podman 4.3.1 compares the volume's empty ID, so it never matches; later versions, and
      // Skiff, compare a prefix of its name.
      return (event) => event.Type === 'volume' && (event.Name ?? '').startsWith(value);
    case 'label':
      return byLabel(value);
    default:
      throw new InvalidArgument(`${key} is an invalid filter`);
  }
}

function byNameOrId(type: EventType | 'pod', value: string): EventPredicate {
  return (event) =>
    event.Type === type && (event.Name === value || (event.ID ?? '').startsWith(value));
}

function byLabel(value: string): EventPredicate {
  const eq = value.indexOf('=');
  // Podman wants `key=value` here: a key alone matches nothing.
  if (eq < 0) return () => false;
  const key = value.slice(0, eq);
  const wanted = value.slice(eq + 1);
  return (event) => {
    const attributes = event.Attributes ?? {};
    return Object.hasOwn(attributes, key) && attributes[key] === wanted;
  };
}
