import type { Engine } from '@skiff/core';

import { toPodmanJson } from './json.js';

/** Explanation is a container's config.json with its directives, as the engine explains it. */
export type Explanation = Awaited<ReturnType<Engine['explainContainer']>>;

type Directive = Explanation['directives'][number];

/** ExplainRenderOptions choose how much of config.json the annotated text shows. */
export interface ExplainRenderOptions {
  /** Show long arrays (seccomp rules, capabilities) element by element. */
  full?: boolean;
}

const BUCKETS = ['image', 'engine', 'user'] as const;
const WIDTH = 100;
// Arrays longer than this become a one-line count: the default seccomp profile alone has
// hundreds of rules, which would bury every other directive.
const COLLAPSE_AFTER = 8;
const INLINE_WIDTH = 80;
// Notes line up after the longest annotated line up to this length; longer lines keep their
// note two spaces after them rather than pushing every note off the screen.
const MAX_NOTE_COLUMN = 44;
const SUMMARY_INDENT = ' '.repeat('engine: '.length);

// RLIM_INFINITY (2^64-1) has no exact double; runc reads the digits as an unsigned integer,
// so they are printed as config.json spells them.
const RLIM_INFINITY = 2 ** 64;
const RLIM_INFINITY_TEXT = '18446744073709551615';

// What a collapsed array holds, by its key in config.json.
const UNITS: Record<string, string> = {
  syscalls: 'rules',
  architectures: 'architectures',
  bounding: 'capabilities',
  effective: 'capabilities',
  inheritable: 'capabilities',
  permitted: 'capabilities',
  ambient: 'capabilities',
  maskedPaths: 'paths',
  readonlyPaths: 'paths',
  mounts: 'mounts',
  env: 'variables',
  args: 'arguments',
  rlimits: 'limits',
  namespaces: 'namespaces',
};

interface Line {
  text: string;
  note?: string;
}

interface Walk {
  byPath: Map<string, Directive>;
  full: boolean;
  lines: Line[];
  /** Directive paths in the order their lines appear, for the summary. */
  order: string[];
}

/**
 * renderExplanation prints config.json with, at each line where a directive starts, the
 * bucket and input it came from; lines inside a directive's value belong to that directive.
 * A summary by bucket follows, listing too the directives config.json does not hold.
 */
export function renderExplanation(explanation: Explanation, options: ExplainRenderOptions = {}) {
  const header = headerLines(explanation);

  const walk: Walk = {
    byPath: new Map(explanation.directives.map((d) => [d.path, d])),
    full: options.full ?? false,
    lines: [],
    order: [],
  };
  walkValue(walk, { value: explanation.config, keys: [], depth: 0, label: '', comma: '' });
  const body = alignNotes(walk.lines);

  const ordered = inOrder(explanation.directives, walk.order);
  const summary = BUCKETS.flatMap((bucket) => summaryLines(bucket, ordered));
  return `${[...header, '', ...body, '', ...summary].join('\n')}\n`;
}

/** explanationJson is `--format json`: config.json and the directives, as data. */
export function explanationJson(explanation: Explanation): string {
  const { phase, configPath, config, directives } = explanation;
  const text = toPodmanJson({ phase, configPath, config, directives });
  return text.replace(/\b18446744073709552000\b/g, RLIM_INFINITY_TEXT);
}

function headerLines(explanation: Explanation): string[] {
  const { name, id, status, runtime, phase, configPath } = explanation;
  const container = `# container ${name} (${id.slice(0, 12)}), ${status}`;
  if (phase === 'bundle') {
    return [`${container}: the config.json ${runtime} was given`, `# ${configPath}`];
  }
  return [
    `${container}: no bundle config.json exists, so this is the spec made at create;`,
    '# start adds root.path, process.user ids, engine files and SELinux labels',
  ];
}

interface JsonNode {
  value: unknown;
  keys: string[];
  depth: number;
  /** `"key": ` inside an object, empty in an array. */
  label: string;
  comma: string;
}

function walkValue(walk: Walk, node: JsonNode): void {
  const path = directivePath(node);
  const directive = walk.byPath.get(path);
  if (directive) walk.order.push(path);
  const note = directive && annotation(directive);
  const indent = '  '.repeat(node.depth);
  const head = `${indent}${node.label}`;

  const inline = inlineText(walk, node, head);
  if (inline !== undefined) {
    walk.lines.push({ text: `${head}${inline}${node.comma}`, note });
    return;
  }
  const isArray = Array.isArray(node.value);
  walk.lines.push({ text: `${head}${isArray ? '[' : '{'}`, note });
  for (const child of children(node)) walkValue(walk, child);
  walk.lines.push({ text: `${indent}${isArray ? ']' : '}'}${node.comma}` });
}

// A mount's directive is named by its destination (`mounts[/data]`), since its place in the
// list shifts as mounts are added at start.
function directivePath(node: JsonNode): string {
  const { keys, value } = node;
  const destination = (value as { destination?: unknown } | null)?.destination;
  if (keys.length === 2 && keys[0] === 'mounts' && typeof destination === 'string') {
    return `mounts[${destination}]`;
  }
  return keys.join('.');
}

// A value goes on one line when it is a scalar, an array too long to show, or a flat array or
// object that fits and holds no directive of its own.
function inlineText(walk: Walk, node: JsonNode, head: string): string | undefined {
  const { value, keys } = node;
  if (isScalar(value)) return scalar(value);
  const path = keys.join('.');
  const collapsible = !walk.full && path !== 'mounts';
  if (Array.isArray(value) && value.length > COLLAPSE_AFTER && collapsible) {
    return `[ ${value.length} ${UNITS[keys[keys.length - 1]] ?? 'items'} ]`;
  }

  const inner = [`${path}.`, `${path}[`];
  if ([...walk.byPath.keys()].some((p) => inner.some((i) => p.startsWith(i)))) return undefined;
  const flat = flatText(value as object);
  const fits = flat !== undefined && head.length + flat.length + 1 <= INLINE_WIDTH;
  return fits ? flat : undefined;
}

function flatText(value: object): string | undefined {
  if (Array.isArray(value)) {
    return value.every(isScalar) ? `[${value.map(scalar).join(', ')}]` : undefined;
  }
  const entries = definedEntries(value);
  if (entries.length === 0) return '{}';
  if (!entries.every(([, item]) => isScalar(item))) return undefined;
  const members = entries.map(([key, item]) => `${JSON.stringify(key)}: ${scalar(item)}`);
  return `{ ${members.join(', ')} }`;
}

function children(node: JsonNode): JsonNode[] {
  const depth = node.depth + 1;
  const entries: [string, unknown][] = Array.isArray(node.value)
    ? node.value.map((item, i) => [String(i), item])
    : definedEntries(node.value as object);
  const label = (key: string) => (Array.isArray(node.value) ? '' : `${JSON.stringify(key)}: `);

  return entries.map(([key, value], i) => ({
    value,
    keys: [...node.keys, key],
    depth,
    label: label(key),
    comma: i === entries.length - 1 ? '' : ',',
  }));
}

// JSON.stringify leaves out undefined members, and so does config.json.
function definedEntries(value: object): [string, unknown][] {
  return Object.entries(value).filter(([, item]) => item !== undefined);
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function scalar(value: unknown): string {
  if (value === RLIM_INFINITY) return RLIM_INFINITY_TEXT;
  return JSON.stringify(value) ?? 'null';
}

function annotation(directive: Directive): string {
  const note = directive.note ? ` (${directive.note})` : '';
  return `${directive.source}: ${directive.origin}${note}`;
}

function alignNotes(lines: Line[]): string[] {
  const noted = lines.filter((line) => line.note !== undefined).map((line) => line.text.length);
  const column = Math.max(0, ...noted.filter((length) => length <= MAX_NOTE_COLUMN));
  return lines.map(({ text, note }) =>
    note === undefined ? text : `${text.padEnd(column)}  # ${note}`,
  );
}

// The summary lists directives as config.json shows them, then those it does not hold.
function inOrder(directives: Directive[], shown: string[]): Directive[] {
  const rank = (d: Directive) => {
    const at = shown.indexOf(d.path);
    return at < 0 ? shown.length : at;
  };
  return [...directives].sort((a, b) => rank(a) - rank(b));
}

function summaryLines(bucket: (typeof BUCKETS)[number], directives: Directive[]): string[] {
  const items = directives.filter((d) => d.source === bucket).map(summaryItem);
  const first = `${bucket}:`.padEnd(SUMMARY_INDENT.length);
  if (items.length === 0) return [`${first}none`];
  return wrapItems(
    first,
    items.map((item, i) => (i === items.length - 1 ? item : `${item},`)),
  );
}

// Items fill lines up to the width, continued under the first item; one too long for any
// line gets a line of its own.
function wrapItems(first: string, items: string[]): string[] {
  const lines: string[] = [];
  let line = first + items[0];
  for (const item of items.slice(1)) {
    if (line.length + 1 + item.length > WIDTH) {
      lines.push(line);
      line = SUMMARY_INDENT + item;
    } else line += ` ${item}`;
  }
  return [...lines, line];
}

function summaryItem(directive: Directive): string {
  const parts = [directive.origin];
  if (!directive.written)
    parts.push(directive.note ? `not written: ${directive.note}` : 'not written');
  else if (directive.note) parts.push(directive.note);
  return `${directive.path} (${parts.join('; ')})`;
}
