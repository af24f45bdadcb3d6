import * as Flags from '@oclif/core/flags';

/** HelpOption is one row of the `Options:` table of a help page. */
export interface HelpOption {
  name: string;
  char?: string;
  /** The word after the name that says what value it takes (`string`, `int`); none for a switch. */
  type?: string;
  description: string;
  /** The default as Podman prints it, already quoted where Podman quotes (`"json"`, `-1`). */
  default?: string;
}

/** FlagDefinition is the part of an oclif flag that its help row is made from. */
export interface FlagDefinition {
  type: 'boolean' | 'option';
  char?: string;
  description?: string;
  hidden?: boolean;
  default?: unknown;
  defaultHelp?: unknown;
  multiple?: boolean;
  helpValue?: string | string[];
  parse?: unknown;
}

/**
 * helpOptions turns oclif flag definitions into rows, sorted by name as cobra sorts them.
 * A flag's `helpValue` names its type where `string` or `strings` would be wrong (`int`,
 * `uint`, `stringArray`), and `defaultHelp` gives the default Podman shows when the real
 * default is decided elsewhere (a flag left unset must stay unset).
 */
export function helpOptions(flags: Record<string, FlagDefinition>): HelpOption[] {
  return Object.entries(flags)
    .filter(([, flag]) => !flag.hidden)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, flag]) => {
      const type = typeWord(flag);
      return {
        name,
        char: flag.char,
        type,
        description: flag.description ?? '',
        default: defaultText(flag),
      };
    });
}

const NUMERIC = new Set(['int', 'uint', 'float', 'int64', 'uint64', 'uint16', 'duration']);

// Every `Flags.integer()` shares one parse function, which tells an int flag from a string one.
const INTEGER_PARSE = Flags.integer().parse;

function typeWord(flag: FlagDefinition): string | undefined {
  if (flag.type === 'boolean') return undefined;
  if (typeof flag.helpValue === 'string') return flag.helpValue;
  if (flag.parse === INTEGER_PARSE) return 'int';
  return flag.multiple ? 'strings' : 'string';
}

// Cobra leaves out a default that is its type's zero value; a `defaultHelp` of `[]` is shown,
// as Podman shows it for some list flags.
function defaultText(flag: FlagDefinition): string | undefined {
  const help = flag.defaultHelp;
  if (Array.isArray(help)) return `[${help.join(',')}]`;
  const value = help ?? flag.default;
  if (value === undefined || value === false || value === '' || value === 0) return undefined;
  // A computed default (oclif calls it at parse time) has no fixed text to show.
  if (typeof value === 'function') return undefined;
  if (Array.isArray(value)) return value.length > 0 ? `[${value.join(',')}]` : undefined;
  return quoted(flag) ? JSON.stringify(String(value)) : String(value);
}

// Cobra quotes the default of a string flag, whatever word its help shows for the value.
function quoted(flag: FlagDefinition): boolean {
  const numeric = typeof flag.helpValue === 'string' && NUMERIC.has(flag.helpValue);
  return flag.type === 'option' && !flag.multiple && !numeric && flag.parse !== INTEGER_PARSE;
}

/**
 * renderOptions lays the rows out as cobra does: `-a, --all` or `    --all` and the type word,
 * padded to the widest, three spaces, then the description with its continuation lines
 * aligned under it.
 */
export function renderOptions(options: readonly HelpOption[]): string {
  const heads = options.map(optionHead);
  const width = Math.max(0, ...heads.map((head) => head.length));
  const indent = `\n${' '.repeat(width + 3)}`;
  const lines = options.map((option, i) => {
    const text = option.default
      ? `${option.description} (default ${option.default})`
      : option.description;
    return `${heads[i].padEnd(width)}   ${text.replace(/\n/g, indent)}`;
  });
  // Only the block's end is trimmed: a flag without a description keeps its padding, as in cobra.
  return lines.join('\n').trimEnd();
}

function optionHead(option: HelpOption): string {
  const names = option.char ? `  -${option.char}, --${option.name}` : `      --${option.name}`;
  return option.type ? `${names} ${option.type}` : names;
}
