import { InvalidArgument } from '@skiff/contracts';
import type { EngineEvent } from '@skiff/core';

import { goTimeString } from './event-line.js';

/** EventRenderer turns one event into the text `--format` asks for, without a newline. */
export type EventRenderer = (event: EngineEvent) => string;

// Podman's report package treats these as JSON output rather than as templates.
const JSON_FORMAT = /^(\s*json\s*|\s*\{\{\s*json\s*\.\s*\}\}\s*)$/;

// The fields of Podman's events.Event that a template can name, Details' promoted included.
const FIELDS = new Set([
  'ContainerExitCode',
  'ID',
  'Image',
  'Name',
  'Network',
  'Status',
  'Time',
  'Type',
  'HealthStatus',
  'PodID',
  'Attributes',
]);

/**
 * parseEventTemplate reads an `events --format` value: `json` or `{{json .}}`, or literal text
 * with `{{.Field}}`, `{{.Attributes.key}}` and `{{json .}}` placeholders, printed as Go's
 * text/template would print them. Any other template is InvalidArgument: full Go templates
 * are not supported yet.
 */
export function parseEventTemplate(format: string): EventRenderer {
  if (JSON_FORMAT.test(format)) return (event) => JSON.stringify(event);

  // Podman's report package reads these two escapes before parsing the template.
  const text = format.replaceAll('\\t', '\t').replaceAll('\\n', '\n');
  const parts: EventRenderer[] = [];
  let at = 0;
  for (let open = text.indexOf('{{'); open >= 0; open = text.indexOf('{{', at)) {
    const close = text.indexOf('}}', open + 2);
    if (close < 0)
      throw new InvalidArgument(`template: events:${lineOf(text, open)}: unclosed action`);
    const literal = text.slice(at, open);
    parts.push(() => literal);
    parts.push(action(text, open, close, format));
    at = close + 2;
  }
  const rest = text.slice(at);
  parts.push(() => rest);
  return (event) => parts.map((part) => part(event)).join('');
}

/** action renders one `{{...}}` of the supported kinds. */
function action(text: string, open: number, close: number, format: string): EventRenderer {
  const inner = text.slice(open + 2, close);
  const body = inner.trim();
  if (/^json\s+\.$/.test(body)) return (event) => JSON.stringify(event);

  const attribute = /^\.Attributes\.([A-Za-z_]\w*)$/.exec(body);
  if (attribute) return (event) => attributeText(event.Attributes ?? {}, attribute[1]);

  const field = /^\.([A-Za-z_]\w*)$/.exec(body);
  if (!field) throw unsupported(format);
  if (!FIELDS.has(field[1])) {
    const position = open + 2 + inner.indexOf('.');
    throw new InvalidArgument(
      `template: events:${lineOf(text, position)}:${columnOf(text, position)}: executing "events" ` +
        `at <.${field[1]}>: can't evaluate field ${field[1]} in type *events.Event`,
    );
  }
  return (event) => fieldText(event, field[1]);
}

function fieldText(event: EngineEvent, name: string): string {
  if (name === 'Time') return goTimeString(event.Time);
  if (name === 'ContainerExitCode') return String(event.ContainerExitCode ?? 0);
  if (name === 'Attributes') return goMap(event.Attributes ?? {});
  const value = (event as unknown as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

/** attributeText is `{{.Attributes.key}}`: Go prints a missing key as `<no value>`. */
function attributeText(attributes: Record<string, string>, key: string): string {
  return Object.hasOwn(attributes, key) ? attributes[key] : '<no value>';
}

/** goMap prints a map as Go's fmt does: `map[a:1 b:two]`, keys sorted. */
function goMap(map: Record<string, string>): string {
  const keys = Object.keys(map).sort();
  return `map[${keys.map((key) => `${key}:${map[key]}`).join(' ')}]`;
}

function unsupported(format: string): InvalidArgument {
  return new InvalidArgument(
    `template ${JSON.stringify(format)} is not supported: full Go templates are not supported ` +
      'yet; use json, or literal text with {{.Field}} and {{.Attributes.key}} placeholders',
  );
}

function lineOf(text: string, position: number): number {
  return text.slice(0, position).split('\n').length;
}

function columnOf(text: string, position: number): number {
  return position - (text.lastIndexOf('\n', position - 1) + 1);
}
