/** EventType is what an event is about, spelled as Podman spells it. */
export type EventType = 'container' | 'image' | 'volume' | 'system';

/** EventStatus is what happened, with Podman's names (`died` is a container's exit). */
export type EventStatus =
  | 'attach'
  | 'checkpoint'
  | 'cleanup'
  | 'commit'
  | 'create'
  | 'died'
  | 'exec'
  | 'exec_died'
  | 'exited'
  | 'export'
  | 'import'
  | 'init'
  | 'kill'
  | 'loadfromarchive'
  | 'mount'
  | 'pause'
  | 'prune'
  | 'pull'
  | 'push'
  | 'refresh'
  | 'remove'
  | 'rename'
  | 'renumber'
  | 'reset'
  | 'restart'
  | 'restore'
  | 'save'
  | 'start'
  | 'stop'
  | 'sync'
  | 'tag'
  | 'unmount'
  | 'unpause'
  | 'untag';

/**
 * EngineEvent is one journaled event, shaped and named like Podman's event JSON so that
 * `skiff events --format json` prints what `podman events` prints. `Time` is RFC 3339 with
 * nanoseconds; `Attributes` holds a container's labels.
 */
export interface EngineEvent {
  /** The exit status, on `died` events; Podman leaves a zero out. */
  ContainerExitCode?: number;
  ID?: string;
  /** The image a container was created from, as the user named it. */
  Image?: string;
  Name?: string;
  Status: EventStatus;
  Time: string;
  Type: EventType;
  Attributes?: Record<string, string> | null;
}

/**
 * podmanShaped returns the event as Podman serialises it: its fields in Podman's order, empty
 * ones left out (undefined, which JSON.stringify drops), and `Attributes` always present
 * (`null` when there are none), so that `JSON.stringify` of the result prints Podman's JSON.
 */
export function podmanShaped(event: EngineEvent): EngineEvent {
  return {
    ContainerExitCode: event.ContainerExitCode || undefined,
    ID: event.ID || undefined,
    Image: event.Image || undefined,
    Name: event.Name || undefined,
    Status: event.Status,
    Time: event.Time,
    Type: event.Type,
    Attributes: event.Attributes ?? null,
  };
}
