import type { EngineEvent } from '@skiff/core';

import { goTimeString } from './event-line.js';
import { goStruct } from './go-struct.js';
import { sortedMap } from './go-view.js';

/**
 * GoTime is an event's `.Time` as Go's time.Time: it prints as Go prints a time, with its
 * nanoseconds, which a Date would lose, and has the methods formats call most (`.Unix`).
 */
const GoTime = {
  // A computed key names the class as Go's errors name the type.
  'time.Time': class {
    readonly #iso: string;

    constructor(iso: string) {
      this.#iso = iso;
    }

    toString(): string {
      return goTimeString(this.#iso);
    }

    toJSON(): string {
      return this.#iso;
    }

    /** Unix is the time in whole seconds, as Go's Time.Unix. */
    Unix(): number {
      return Math.floor(Date.parse(this.#iso) / 1000);
    }

    /** UnixNano is the time in nanoseconds, as Go's Time.UnixNano. */
    UnixNano(): bigint {
      const fraction = /\.(\d+)/.exec(this.#iso)?.[1] ?? '';
      const nanos = BigInt(fraction.padEnd(9, '0').slice(0, 9));
      return BigInt(this.Unix()) * 1_000_000_000n + nanos;
    }
  },
}['time.Time'];

/**
 * eventView is an event as `events --format` templates see it: Podman's events.Event, with
 * every field present (empty when unset), `.Time` a Go time, and `.Details` holding `.PodID`
 * and `.Attributes`, which are promoted as Go promotes an embedded struct's fields.
 */
export function eventView(event: EngineEvent): object {
  const attributes = sortedMap(event.Attributes);
  const details = { PodID: '', Attributes: attributes };
  // Details has an ID of its own, hidden behind the event's but printed with `{{.Details}}`.
  const detailsStruct = goStruct('events.Details', { ID: '', ...details });
  const fields = {
    ContainerExitCode: event.ContainerExitCode ?? 0,
    ID: event.ID ?? '',
    Image: event.Image ?? '',
    Name: event.Name ?? '',
    Network: '',
    Status: event.Status,
    Time: new GoTime(event.Time),
    Type: event.Type,
    HealthStatus: '',
    Details: detailsStruct,
    ...details,
  };
  return goStruct('*events.Event', fields, event);
}
