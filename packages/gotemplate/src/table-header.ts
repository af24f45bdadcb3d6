import { ELEMENT } from './field-paths.js';

/**
 * splitCamelCase cuts a Go field name into words as Podman does for table headers: runs of
 * lower case, upper case, digits and other characters, with the last capital of an upper-case
 * run moved to the lower-case run after it, so `CreatedAt` is [Created, At] and `PDFLoader`
 * is [PDF, Loader].
 */
export function splitCamelCase(name: string): string[] {
  const runs: string[] = [];
  let previous: number | undefined;
  for (const ch of name) {
    const kind = charClass(ch);
    if (kind === previous) runs[runs.length - 1] += ch;
    else runs.push(ch);
    previous = kind;
  }

  for (let i = 0; i < runs.length - 1; i++) {
    const chars = [...runs[i]];
    if (isUpper(chars[0]) && isLower([...runs[i + 1]][0])) {
      const moved = chars.pop() ?? '';
      runs[i] = chars.join('');
      runs[i + 1] = moved + runs[i + 1];
    }
  }
  return runs.filter((run) => run.length > 0);
}

function isUpper(ch: string | undefined): boolean {
  return ch !== undefined && /\p{Lu}/u.test(ch);
}

function isLower(ch: string | undefined): boolean {
  return ch !== undefined && /\p{Ll}/u.test(ch);
}

function charClass(ch: string): number {
  if (isLower(ch)) return 1;
  if (isUpper(ch)) return 2;
  if (/\p{Nd}/u.test(ch)) return 3;
  return 4;
}

/** tableHeader is Podman's column header for a field: `CreatedAt` is `CREATED AT`. */
export function tableHeader(field: string): string {
  return splitCamelCase(field).join(' ').toUpperCase();
}

/**
 * headerData builds the value a table's header row is rendered from: each field path the
 * template reads leads to its header text, so `{{.ID}}` prints `ID` in the header row, and a
 * path through a range element (`[]`) makes a one-element list, so that
 * `{{range .Ports}}{{.Host}}{{end}}` prints `HOST`. Overrides are keyed by the whole path
 * (`State.Pid`) or the last field (`Pid`); like Podman, they are upper-cased.
 */
export function headerData(
  paths: readonly string[][],
  overrides: Readonly<Record<string, string>> = {},
): Record<string, unknown> {
  const data = record();
  for (const path of paths) {
    const names = path.filter((name) => name !== ELEMENT);
    if (names.length === 0) continue;
    const last = names[names.length - 1];
    const override = overrides[names.join('.')] ?? overrides[last];
    const header = override === undefined ? tableHeader(last) : override.toUpperCase();
    place(data, path, header);
  }
  return data;
}

type Container = Record<string, unknown> | unknown[];

/** place stores the header at the end of the path, unless something else already holds it. */
function place(data: Record<string, unknown>, path: string[], header: string): void {
  let node: Container = data;
  for (let i = 0; i < path.length - 1; i++) {
    const child = childOf(node, path[i], path[i + 1] === ELEMENT);
    if (!child) return;
    node = child;
  }
  const last = path[path.length - 1];
  if (Array.isArray(node)) {
    if (last === ELEMENT && node.length === 0) node.push(header);
  } else if (last !== ELEMENT && !Object.hasOwn(node, last)) {
    node[last] = header;
  }
}

/** childOf finds or makes the object or list at `name`; undefined if text is already there. */
function childOf(node: Container, name: string, list: boolean): Container | undefined {
  const fresh = (): Container => (list ? [] : record());
  if (Array.isArray(node)) {
    if (name !== ELEMENT) return undefined;
    if (node.length === 0) node.push(fresh());
    return containerOrUndefined(node[0], list);
  }
  if (name === ELEMENT) return undefined;
  if (!Object.hasOwn(node, name)) node[name] = fresh();
  return containerOrUndefined(node[name], list);
}

function containerOrUndefined(value: unknown, list: boolean): Container | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return Array.isArray(value) === list ? (value as Container) : undefined;
}

/** record makes an object without a prototype, so that a field called `constructor` is safe. */
function record(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}
