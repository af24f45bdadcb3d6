import type { ContainerRecord } from '@skiff/contracts';

import type { EngineContext } from '../engine-context.js';
import type { EngineEvent, EventStatus } from './engine-event.js';
import { EventJournal } from './event-journal.js';
import { eventTime } from './event-time.js';

/** NewEvent is an event to journal; its time defaults to now. */
export type NewEvent = Omit<EngineEvent, 'Time'> & { Time?: string };

/**
 * recordEvent journals an event for `skiff events`. It never throws and costs one small
 * synchronous append, so lifecycle code can call it at each step without handling failure.
 */
export function recordEvent(ctx: EngineContext, event: NewEvent): void {
  EventJournal.forEngine(ctx).append({ ...event, Time: event.Time ?? eventTime() });
}

/** ContainerEventExtras are what some container events carry besides the container. */
export interface ContainerEventExtras {
  /** On `died`: the container's exit status. */
  exitCode?: number;
  /** The container's labels, which Podman puts in every event of the container. */
  attributes?: Record<string, string>;
}

/**
 * recordContainerEvent journals a container event as Podman words it: the container's id,
 * name and image name (as `ps` shows it), and its labels as attributes.
 * For example `recordContainerEvent(ctx, container, 'died', { exitCode: 3 })`.
 */
export function recordContainerEvent(
  ctx: EngineContext,
  container: Pick<ContainerRecord, 'id' | 'name' | 'imageName'>,
  status: EventStatus,
  extras: ContainerEventExtras = {},
): void {
  recordEvent(ctx, {
    ContainerExitCode: extras.exitCode,
    ID: container.id,
    Image: container.imageName,
    Name: container.name,
    Status: status,
    Type: 'container',
    Attributes: extras.attributes ?? {},
  });
}
