import { renderOptions, type HelpOption } from './podman-help-options.js';

/** HelpEntry is one row of `Available Commands:`: a command's name and summary. */
export interface HelpEntry {
  name: string;
  summary: string;
}

/**
 * HelpPage is what one help screen shows, section by section, in Podman's order. Absent or
 * empty sections are left out, as Podman leaves them out.
 */
export interface HelpPage {
  summary?: string;
  description?: string;
  /** The usage line, starting with the program: `skiff ps [options]`. */
  usage: string;
  /** The command's own name first, then its other names in the same group. */
  aliases?: readonly string[];
  examples?: readonly string[];
  commands?: readonly HelpEntry[];
  options?: readonly HelpOption[];
  /** The root page ends with one newline, the others with a blank line, as Podman's do. */
  root?: boolean;
}

// Cobra pads command names to at least this width.
const MIN_NAME_WIDTH = 11;

/** renderHelpPage lays out a help page as Podman's cobra templates do. */
export function renderHelpPage(page: HelpPage): string {
  const blocks = [
    page.summary,
    section('Description', page.description && indent(page.description)),
    section('Usage', `  ${page.usage}`),
    section('Aliases', page.aliases?.length && `  ${page.aliases.join(', ')}`),
    section('Examples', page.examples?.length && indent(page.examples.join('\n'))),
    section('Available Commands', page.commands?.length && commandRows(page.commands)),
    section('Options', page.options?.length && renderOptions(page.options)),
  ].filter((block): block is string => Boolean(block));
  return `${blocks.join('\n\n')}\n${page.root ? '' : '\n'}`;
}

function section(title: string, body: string | number | undefined): string | undefined {
  return body ? `${title}:\n${body}` : undefined;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
}

function commandRows(commands: readonly HelpEntry[]): string {
  const width = Math.max(MIN_NAME_WIDTH, ...commands.map((c) => c.name.length));
  return commands.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`).join('\n');
}
