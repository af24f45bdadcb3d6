import type { EngineEvent } from '@skiff/core';

/**
 * goTimeString renders an RFC 3339 event time the way Go prints a time.Time, which is what
 * Podman's event lines and `{{.Time}}` show: `2026-12-03 23:39:28.31741931 +0000 UTC`.
 */
export function goTimeString(time: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(
    time,
  );
  if (!match) return time;
  const [, date, clock, fraction = '', zone] = match;
  const digits = fraction.replace(/0+$/, '');
  // Go names the zone it knows (UTC); a zone it knows only by its offset shows it twice.
  const bare = zone.replace(':', '');
  const offset = zone === 'Z' || /^[+-]00:00$/.test(zone) ? '+0000 UTC' : `${bare} ${bare}`;
  return `${date} ${clock}${digits ? `.${digits}` : ''} ${offset}`;
}

/**
 * humanEventLine is `podman events`' default line for an event: time, type, status, then what
 * the type calls for. With `truncate` (`--no-trunc=false`) ids are cut to 12 characters.
 */
export function humanEventLine(event: EngineEvent, truncate = false): string {
  const head = `${goTimeString(event.Time)} ${event.Type} ${event.Status}`;
  const id = truncate ? shortId(event.ID ?? '') : (event.ID ?? '');
  switch (event.Type) {
    case 'container':
      return `${head} ${id} (${containerDetails(event)})`;
    case 'image':
      return `${head} ${id} ${event.Name ?? ''}`;
    case 'volume':
      return `${head} ${event.Name ?? ''}`;
    case 'system':
      return event.Name ? `${head} ${event.Name}` : head;
    default:
      return '';
  }
}

function containerDetails(event: EngineEvent): string {
  // Podman prints labels in Go's random map order; sorted is one of those orders.
  const labels = Object.entries(event.Attributes ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  const pairs = [`image=${event.Image ?? ''}`, `name=${event.Name ?? ''}`];
  return [...pairs, ...labels.map(([key, value]) => `${key}=${value}`)].join(', ');
}

function shortId(id: string): string {
  const colon = id.indexOf(':');
  return (colon >= 0 ? id.slice(colon + 1) : id).slice(0, 12);
}
