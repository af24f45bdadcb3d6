import type { CompletionNames, NameKind } from '@skiff/core';

import type { CommandTree, TreeCommand, TreeEntry } from '../command-tree.js';
import { GLOBAL_GROUP } from '../global-flags.js';
import { GLOBAL_VALUE_FLAGS, LOG_LEVELS } from '../global-options.js';
import { slotAt, usageSlots, type UsageSlot } from './usage-slots.js';

/** Candidate is one word completion offers, with what it is when that helps to choose. */
export interface Candidate {
  value: string;
  description?: string;
}

/** CompletionReport is the answer to one request: candidates and how the shell should treat them. */
export interface CompletionReport {
  candidates: Candidate[];
  /** A sum of DIRECTIVES, as cobra's completion protocol has it. */
  directive: number;
}

/** DIRECTIVES are the bits of a report's directive, with cobra's values. */
export const DIRECTIVES = { error: 1, noSpace: 2, noFiles: 4 } as const;

/** NameSource reads the names of stored objects, from the store the command line points at. */
export type NameSource = (kind: NameKind) => Promise<CompletionNames>;

type CachedFlag = TreeCommand['flags'][string];

const FILES: CompletionReport = { candidates: [], directive: 0 };
const NOTHING: CompletionReport = { candidates: [], directive: DIRECTIVES.noFiles };

// Values of global flags that have a fixed set of them.
const GLOBAL_VALUES: Record<string, string[]> = {
  '--log-level': LOG_LEVELS,
  '--cgroup-manager': ['cgroupfs'],
};

/**
 * Completer answers shell completion: given the words of a command line after the program
 * name, the last being the one under the cursor (possibly empty), it offers command names,
 * flag names, flag values and, for positional arguments, the names of containers, images or
 * volumes that the command's usage line asks for.
 */
export class Completer {
  constructor(
    private readonly tree: CommandTree,
    private readonly names: NameSource,
  ) {}

  async complete(words: readonly string[]): Promise<CompletionReport> {
    const current = words[words.length - 1] ?? '';
    const typed = words.slice(0, -1);
    const start = globalsEnd(typed);
    if (start < 0) return globalValue(typed[typed.length - 1], current);

    const rest = typed.slice(start);
    if (rest.length === 0 && current.startsWith('-')) return globalFlag(current);
    // `help` takes the same words as the command line it explains.
    const found = this.tree.lookup(rest[0] === 'help' ? rest.slice(1) : rest);
    if (found.command) return this.completeCommand(found.command, found.rest, current);
    if (found.rest.length > 0) return NOTHING;
    return entries(this.tree.entries(found.group), current);
  }

  private async completeCommand(command: TreeCommand, typed: string[], current: string) {
    const state = scan(command, typed);
    if (state.pendingFlag) return flagValue(state.pendingFlag, '', current);

    const flagsAllowed = !state.flagsEnded;
    const eq = current.indexOf('=');
    if (flagsAllowed && current.startsWith('--') && eq > 0) {
      const flag = command.flags[current.slice(2, eq)];
      return flag ? flagValue(flag, current.slice(0, eq + 1), current.slice(eq + 1)) : NOTHING;
    }
    if (flagsAllowed && current.startsWith('-')) return flagNames(command, current);

    const slot = slotAt(usageSlots([command.usage ?? ''].flat()[0] ?? ''), state.positionals);
    return slot ? this.slotValues(slot, current) : NOTHING;
  }

  private async slotValues(slot: UsageSlot, current: string): Promise<CompletionReport> {
    const values = [...slot.words];
    for (const kind of slot.kinds) {
      if (kind === 'file') continue;
      const { names, ids } = await this.names(kind);
      // Ids only once something is typed, as Podman does: a list of hex strings helps nobody.
      values.push(...names, ...(current ? ids : []));
    }
    const directive = slot.kinds.includes('file') ? 0 : DIRECTIVES.noFiles;
    return { candidates: matching(values, current), directive };
  }
}

/** globalsEnd is the index after the leading global flags, or -1 when one awaits its value. */
function globalsEnd(words: readonly string[]): number {
  let index = 0;
  while (index < words.length) {
    const word = words[index];
    if (word.startsWith('--') && word.includes('=') && GLOBAL_VALUE_FLAGS[word.split('=')[0]]) {
      index += 1;
    } else if (GLOBAL_VALUE_FLAGS[word]) {
      if (index + 1 >= words.length) return -1;
      index += 2;
    } else {
      break;
    }
  }
  return index;
}

function globalValue(flag: string, current: string, prefix = ''): CompletionReport {
  const values = GLOBAL_VALUES[flag];
  if (!values) return FILES;
  const candidates = matching(values, current).map((c) => ({ value: prefix + c.value }));
  return { candidates, directive: DIRECTIVES.noFiles };
}

// A global flag's name, or its value typed as `--log-level=...`.
function globalFlag(current: string): CompletionReport {
  const eq = current.indexOf('=');
  if (eq > 0)
    return globalValue(current.slice(0, eq), current.slice(eq + 1), current.slice(0, eq + 1));
  const names = [...Object.keys(GLOBAL_VALUE_FLAGS), '--help', '--version'].sort();
  return { candidates: matching(names, current), directive: DIRECTIVES.noFiles };
}

function entries(list: TreeEntry[], current: string): CompletionReport {
  const candidates = list
    .filter((entry) => entry.name.startsWith(current))
    .map((entry) => ({ value: entry.name, description: entry.summary }));
  return { candidates, directive: DIRECTIVES.noFiles };
}

interface ScanState {
  positionals: number;
  /** After `--`, or after the first argument of a command whose own flags stop there (`run`). */
  flagsEnded: boolean;
  /** A flag typed last that still awaits its value. */
  pendingFlag?: CachedFlag;
}

/** scan walks the words typed after the command, counting positional arguments. */
function scan(command: TreeCommand, words: readonly string[]): ScanState {
  const state: ScanState = { positionals: 0, flagsEnded: false };
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (state.flagsEnded || word === '-' || !word.startsWith('-')) {
      state.positionals += 1;
      if (command.interspersed === false) state.flagsEnded = true;
      continue;
    }
    if (word === '--') {
      state.flagsEnded = true;
      continue;
    }
    const valueFlag = flagAwaitingValue(command, word);
    if (!valueFlag) continue;
    if (i + 1 >= words.length) state.pendingFlag = valueFlag;
    i += 1;
  }
  return state;
}

/** flagAwaitingValue is the flag `word` names when its value is the next word. */
function flagAwaitingValue(command: TreeCommand, word: string): CachedFlag | undefined {
  if (word.startsWith('--')) {
    const flag = command.flags[word.slice(2)];
    return flag?.type === 'option' ? flag : undefined;
  }
  // In a group of short flags (`-it`), the first that takes a value takes the rest of the group.
  const flags = Object.values(command.flags);
  for (let j = 1; j < word.length; j++) {
    const flag = flags.find((f) => f.char === word[j]);
    if (flag?.type === 'option') return j === word.length - 1 ? flag : undefined;
  }
  return undefined;
}

function flagValue(flag: CachedFlag, prefix: string, current: string): CompletionReport {
  const options = flag.type === 'option' ? flag.options : undefined;
  if (!options) return FILES;
  const candidates = matching(options, current).map((c) => ({ value: prefix + c.value }));
  return { candidates, directive: DIRECTIVES.noFiles };
}

// Podman offers a command's own flags, long and then short, leaving the global ones out.
function flagNames(command: TreeCommand, current: string): CompletionReport {
  const own = Object.entries(command.flags)
    .filter(([, flag]) => !flag.hidden && flag.helpGroup !== GLOBAL_GROUP)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const candidates: Candidate[] = [];
  for (const [name, flag] of own) {
    const description = flag.description;
    candidates.push({ value: `--${name}`, description });
    if (flag.char && !current.startsWith('--'))
      candidates.push({ value: `-${flag.char}`, description });
  }
  return {
    candidates: candidates.filter((c) => c.value.startsWith(current)),
    directive: DIRECTIVES.noFiles,
  };
}

function matching(values: readonly string[], current: string): Candidate[] {
  const unique = [...new Set(values)];
  return unique.filter((value) => value.startsWith(current)).map((value) => ({ value }));
}
