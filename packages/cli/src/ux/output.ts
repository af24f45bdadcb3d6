/** writeOut prints what the user asked for on stdout; nothing else writes there. */
export function writeOut(text: string): void {
  process.stdout.write(text);
}

/** writeError prints one `Error: ` line on stderr for a failure the command reports itself. */
export function writeError(message: string): void {
  process.stderr.write(`Error: ${message}\n`);
}

/** writeDiagnostic prints text as is on stderr, for the usage text Podman prints there. */
export function writeDiagnostic(text: string): void {
  process.stderr.write(text);
}
