import type { Command } from '@oclif/core/command';
import type * as Interfaces from '@oclif/core/interfaces';

/** TreeCommand is what the tree reads of a command: oclif's cached form plus Skiff's statics. */
export type TreeCommand = Command.Loadable & {
  /** The command's names within its group, canonical first, as Podman's `Aliases:` line. */
  helpAliases?: string[];
  interspersed?: boolean;
};

/** TreeEntry is one name under the root or a group: a command, a group, or `help`. */
export interface TreeEntry {
  name: string;
  summary: string;
  command?: TreeCommand;
  group?: string;
}

/** TreeLookup is what a list of words names: a command, a group, or nothing (`root`). */
export interface TreeLookup {
  /** The words that named it, in the order typed (`['container', 'ls']`). */
  path: string[];
  command?: TreeCommand;
  group?: string;
  /** The words after the path. */
  rest: string[];
}

/** HELP_ENTRY is the `help` pseudo-command, which only the entry point knows. */
const HELP_ENTRY: TreeEntry = { name: 'help', summary: 'Help about any command' };

/**
 * CommandTree is the command line as Podman users see it: groups (`container`, `image`)
 * holding commands, with Podman's short forms (`ps`, `rmi`) at the top. oclif keeps commands
 * as flat ids with aliases; help and completion both need the tree.
 */
export class CommandTree {
  private readonly commands: TreeCommand[];
  private readonly groups: Map<string, string>;

  constructor(commands: readonly Command.Loadable[], topics: readonly Interfaces.Topic[]) {
    // oclif also lists each alias as a command of its own, under the alias as its id.
    const aliasOf = (c: Command.Loadable) =>
      c.aliases.includes(c.id) || (c.hiddenAliases ?? []).includes(c.id);
    this.commands = commands.filter((c) => !aliasOf(c)) as TreeCommand[];
    // oclif lists a topic for every id prefix; a group is a topic that holds commands.
    const holds = (topic: string) =>
      commands.some((c) => [c.id, ...c.aliases].some((id) => id.startsWith(`${topic}:`)));
    this.groups = new Map(
      topics.filter((t) => !t.hidden && holds(t.name)).map((t) => [t.name, t.description ?? '']),
    );
  }

  /** entries lists what is under the root (no group) or under `group`, sorted by name. */
  entries(group?: string): TreeEntry[] {
    const entries = group ? [] : [HELP_ENTRY, ...this.groupEntries()];
    // A hidden command (`__complete`) still runs and has help; it is only left out of lists.
    for (const command of this.commands.filter((c) => !c.hidden)) {
      for (const [owner, name] of visibleNames(command).map(splitId)) {
        if (owner === group) entries.push({ name, summary: command.summary ?? '', command });
      }
    }
    return dedupe(entries).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** groupSummary is a group's one-line description, or undefined when there is no such group. */
  groupSummary(group: string): string | undefined {
    return this.groups.get(group);
  }

  /** lookup finds the command or group the leading words name, as far as they go. */
  lookup(words: readonly string[]): TreeLookup {
    const [first, second] = words;
    const top = first === undefined ? undefined : this.find(first);
    if (top) return { path: [first], command: top, rest: words.slice(1) };
    if (first === undefined || !this.groups.has(first)) return { path: [], rest: [...words] };

    const command = second === undefined ? undefined : this.find(`${first}:${second}`);
    if (command) return { path: [first, second], command, rest: words.slice(2) };
    return { path: [first], group: first, rest: words.slice(1) };
  }

  /**
   * suggest offers names close to a mistyped one, as Podman does: those starting with what was
   * typed and, at the top, those at most two edits away (cobra leaves a group's distance at 0).
   */
  suggest(typed: string, group?: string): string[] {
    const lower = typed.toLowerCase();
    const distance = group ? 0 : 2;
    return this.entries(group)
      .map((entry) => entry.name)
      .filter((name) => name.startsWith(lower) || editDistance(lower, name) <= distance);
  }

  private find(id: string): TreeCommand | undefined {
    // Hidden aliases still work; they are only left out of lists.
    const names = (c: TreeCommand) => [c.id, ...c.aliases, ...(c.hiddenAliases ?? [])];
    return this.commands.find((c) => names(c).includes(id));
  }

  private groupEntries(): TreeEntry[] {
    return [...this.groups].map(([name, summary]) => ({ name, summary, group: name }));
  }
}

/** visibleNames are a command's id and aliases, with one entry for its in-group aliases. */
function visibleNames(command: TreeCommand): string[] {
  const hidden = new Set(command.hiddenAliases ?? []);
  const names = [command.id, ...command.aliases].filter((name) => !hidden.has(name));
  const canonical = command.helpAliases?.[0];
  if (!canonical) return names;

  const [group] = splitId(command.id);
  const grouped = new Set(command.helpAliases?.map((name) => joinId(group, name)));
  return [joinId(group, canonical), ...names.filter((name) => !grouped.has(name))];
}

function splitId(id: string): [string | undefined, string] {
  const colon = id.indexOf(':');
  return colon < 0 ? [undefined, id] : [id.slice(0, colon), id.slice(colon + 1)];
}

function joinId(group: string | undefined, name: string): string {
  return group ? `${group}:${name}` : name;
}

function dedupe(entries: TreeEntry[]): TreeEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => !seen.has(entry.name) && Boolean(seen.add(entry.name)));
}

/** editDistance is the Levenshtein distance between two words. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
