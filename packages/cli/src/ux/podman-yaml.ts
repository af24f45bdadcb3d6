// Podman prints `info` through go-yaml v2, whose layout scripts and eyes know: keys sorted,
// two-space indents, lists level with their key, and strings quoted only when a plain one
// would read as something else. This renders plain data the same way.

type Lines = string[];

const INDICATOR_START = new Set([...'#,[]{}&*!|>\'"%@`']);

// YAML 1.1 words go-yaml v2 reads as booleans or null, and so quotes as strings.
const RESERVED_WORDS = new Set(
  [
    '~ null Null NULL true True TRUE false False FALSE y Y yes Yes YES n N no No NO',
    'on On ON off Off OFF .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF .nan .NaN .NAN <<',
  ]
    .join(' ')
    .split(' '),
);

const NUMBER = /^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)$/;
const BASE_60 = /^[-+]?\d[\d_]*(:[0-5]?\d)+(\.[\d_]*)?$/;

/** toPodmanYaml renders a mapping of plain data (objects, arrays, scalars) as Podman does. */
export function toPodmanYaml(value: Record<string, unknown>): string {
  return `${mapping(value, 0).join('\n')}\n`;
}

function mapping(map: Record<string, unknown>, indent: number): Lines {
  const pad = ' '.repeat(indent);
  const keys = Object.keys(map)
    .filter((key) => map[key] !== undefined)
    .sort(goYamlKeyOrder);
  return keys.flatMap((key) => entry(`${pad}${scalar(key)}:`, map[key], indent));
}

function entry(head: string, value: unknown, indent: number): Lines {
  if (isMapping(value) && Object.keys(value).length > 0) {
    return [head, ...mapping(value, indent + 2)];
  }
  if (Array.isArray(value) && value.length > 0) return [head, ...sequence(value, indent)];
  if (typeof value === 'string' && literalAllowed(value)) {
    return [`${head} ${literalHeader(value)}`, ...literalBody(value, indent + 2)];
  }
  return [`${head} ${inline(value)}`];
}

function sequence(list: readonly unknown[], indent: number): Lines {
  const pad = ' '.repeat(indent);
  return list.flatMap((item) => {
    // A nested block starts on the dash's line, at the indent it would have had below it.
    const nested = isMapping(item) ? mapping(item, indent + 2) : [];
    if (nested.length > 0) return [`${pad}- ${nested[0].slice(indent + 2)}`, ...nested.slice(1)];
    if (typeof item === 'string' && literalAllowed(item)) {
      return [`${pad}- ${literalHeader(item)}`, ...literalBody(item, indent + 2)];
    }
    return [`${pad}- ${inline(item)}`];
  });
}

function inline(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return '[]';
  if (isMapping(value)) return '{}';
  if (typeof value === 'string') return scalar(value);
  return String(value);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** scalar spells a one-line string plain, single-quoted or double-quoted, as go-yaml would. */
function scalar(text: string): string {
  if (text === '' || hasControl(text) || text.includes('\n')) return JSON.stringify(text);
  if (RESERVED_WORDS.has(text) || NUMBER.test(text.replace(/_/g, '')) || BASE_60.test(text)) {
    return JSON.stringify(text);
  }
  return plainAllowed(text) ? text : `'${text.replace(/'/g, "''")}'`;
}

function plainAllowed(text: string): boolean {
  if (/^\s|\s$/.test(text)) return false;
  if (text.startsWith('---') || text.startsWith('...')) return false;

  const first = text[0];
  const spaced = (i: number) => i + 1 >= text.length || text[i + 1] === ' ';
  if (INDICATOR_START.has(first)) return false;
  if ((first === '?' || first === ':' || first === '-') && spaced(0)) return false;

  return !text.includes(': ') && !text.endsWith(':') && !text.includes(' #');
}

// A multi-line string is a literal block, unless a space at the end of a line would be lost.
function literalAllowed(text: string): boolean {
  return text.includes('\n') && !hasControl(text) && !/ \n| $/.test(text);
}

function literalHeader(text: string): string {
  const indentHint = /^[ \n]/.test(text) ? '2' : '';
  const trailing = /\n*$/.exec(text)?.[0].length ?? 0;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  return `|${indentHint}${chomp}`;
}

function literalBody(text: string, indent: number): Lines {
  const body = text.replace(/\n$/, '');
  return body.split('\n').map((line) => (line === '' ? '' : `${' '.repeat(indent)}${line}`));
}

/**
 * goYamlKeyOrder sorts keys as go-yaml v2 does: by character, except that a run of digits
 * compares as a number and a non-letter sorts before a letter.
 */
export function goYamlKeyOrder(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < x.length && i < y.length; i++) {
    if (x[i] === y[i]) continue;

    const xLetter = isLetter(x[i]);
    const yLetter = isLetter(y[i]);
    if (xLetter && yLetter) return x[i] < y[i] ? -1 : 1;
    if (xLetter || yLetter) return xLetter ? 1 : -1;
    return compareDigitRuns(x, y, i);
  }
  return x.length - y.length;
}

function compareDigitRuns(x: string[], y: string[], from: number): number {
  const run = (chars: string[]) => {
    let end = from;
    while (end < chars.length && /\d/.test(chars[end])) end++;
    return { end, value: end > from ? Number(chars.slice(from, end).join('')) : 0 };
  };
  const left = run(x);
  const right = run(y);

  if (left.value !== right.value) return left.value - right.value;
  if (left.end !== right.end) return left.end - right.end;
  return x[from] < y[from] ? -1 : 1;
}

// Control characters other than tab and newline can only be written escaped, in double quotes.
function hasControl(text: string): boolean {
  for (const char of text) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 && char !== '\t' && char !== '\n') || code === 0x7f) return true;
  }
  return false;
}

function isLetter(char: string): boolean {
  return /\p{L}/u.test(char);
}
