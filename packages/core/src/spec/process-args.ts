import type { OciImageRunConfig } from '@skiff/contracts';
import { InvalidArgument } from '@skiff/contracts';

/** ProcessArgs is the container's command line and where each half came from. */
export interface ProcessArgs {
  args: string[];
  entrypointFrom: 'image' | 'user' | 'none';
  commandFrom: 'image' | 'user' | 'none';
}

/**
 * processArgs combines entrypoint and command as Podman does: `--entrypoint` replaces the
 * image's entrypoint and also drops the image's Cmd; a command given by the user replaces Cmd.
 * `--entrypoint` takes a JSON array or a single word; `''` clears the entrypoint.
 */
export function processArgs(
  image: OciImageRunConfig,
  userEntrypoint: string | undefined,
  userCommand: readonly string[],
): ProcessArgs {
  const given = userEntrypoint !== undefined ? parseEntrypoint(userEntrypoint) : undefined;
  // Podman runs no entrypoint for `[""]` (what `--entrypoint ''` gives), and keeps the image's
  // Cmd when the entrypoint given is empty (`--entrypoint '[]'`).
  const named = given ?? image.Entrypoint ?? [];
  const entrypoint = named.length === 1 && named[0] === '' ? [] : named;
  const command =
    userCommand.length > 0 ? [...userCommand] : given?.length ? [] : (image.Cmd ?? []);

  const args = [...entrypoint, ...command];
  if (args.length === 0) {
    throw new InvalidArgument(
      'no command or entrypoint provided, and no CMD or ENTRYPOINT from image',
    );
  }
  return {
    args,
    entrypointFrom: userEntrypoint !== undefined ? 'user' : entrypoint.length ? 'image' : 'none',
    commandFrom: userCommand.length ? 'user' : command.length ? 'image' : 'none',
  };
}

function parseEntrypoint(text: string): string[] {
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) {
        return parsed as string[];
      }
    } catch {
      // Not JSON after all: Podman then takes the text as one word.
    }
  }
  return [text];
}
