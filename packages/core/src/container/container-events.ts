import type { EngineContext } from '../engine-context.js';
import type { EventStatus } from '../events/engine-event.js';
import { recordContainerEvent } from '../events/record-event.js';
import type { StoredContainer } from '../state/container-store.js';

/** ContainerEventDetails are the extra facts some events carry. */
export interface ContainerEventDetails {
  containerExitCode?: number;
  signal?: string;
  execID?: string;
}

/**
 * containerEvent journals a lifecycle step of a container for `skiff events`; it never fails
 * the command. A signal or exec session id goes into the event's attributes.
 */
export function containerEvent(
  ctx: EngineContext,
  status: EventStatus,
  container: StoredContainer,
  details: ContainerEventDetails = {},
): void {
  const attributes: Record<string, string> = {};
  if (details.signal !== undefined) attributes.signal = details.signal;
  if (details.execID !== undefined) attributes.execID = details.execID;
  recordContainerEvent(ctx, container, status, {
    exitCode: details.containerExitCode,
    attributes,
  });
}
