import type { AttachStreams } from '@skiff/contracts';

/** TerminalAttach is the caller's side of an attach and how to give the terminal back. */
export interface TerminalAttach {
  streams: AttachStreams;
  restore(): void;
}

/**
 * attachStreams connects this process's stdio to a container: stdin only with `-i`, and with
 * `-t` on a real terminal, raw mode so that keys (Ctrl-C, the detach keys) reach the
 * container's terminal instead of acting here, and the terminal's size passed on.
 */
export async function attachStreams(options: {
  interactive: boolean;
  tty: boolean;
  detachKeys: string;
}): Promise<TerminalAttach> {
  // Core loads here rather than with the command table, which every command parses.
  const { parseDetachKeys } = await import('@skiff/core');
  const detachKeys = options.interactive ? parseDetachKeys(options.detachKeys) : [];
  const stdin = process.stdin;
  const raw = options.tty && options.interactive && stdin.isTTY;
  if (raw) stdin.setRawMode(true);

  const stdout = process.stdout;
  const terminal =
    options.tty && stdout.isTTY
      ? {
          size: () => ({ rows: stdout.rows, columns: stdout.columns }),
          onResize: (listener: () => void) => {
            stdout.on('resize', listener);
            return () => stdout.off('resize', listener);
          },
        }
      : undefined;

  return {
    streams: {
      stdin: options.interactive ? stdin : undefined,
      stdout,
      stderr: process.stderr,
      detachKeys,
      terminal,
    },
    restore: () => {
      if (raw) stdin.setRawMode(false);
    },
  };
}

/** AttachOutcome is how an attached operation ended. */
export interface AttachOutcome {
  exitCode?: number;
  detached?: boolean;
}

/**
 * runAttached runs an attached operation (run, start -a, attach, exec) with this process's
 * stdio prepared for it, gives the terminal back whatever happens, and sets Podman's status:
 * 0 after a detach, otherwise the container's or the process's own.
 */
export async function runAttached(
  options: { interactive: boolean; tty: boolean; detachKeys: string },
  operation: (streams: AttachStreams) => Promise<AttachOutcome>,
): Promise<void> {
  const terminal = await attachStreams(options);
  try {
    const outcome = await operation(terminal.streams);
    process.exitCode = outcome.detached ? 0 : (outcome.exitCode ?? 0);
  } finally {
    terminal.restore();
  }
}
