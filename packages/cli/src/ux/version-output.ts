import { InvalidArgument } from '@skiff/contracts';

/** ClientVersion is the `Client` of `skiff version --format json`, under Podman's keys. */
export interface ClientVersion {
  APIVersion: string;
  Version: string;
  /** Where Podman has GoVersion: the Node.js release the CLI runs on. */
  NodeVersion: string;
  GitCommit: string;
  BuiltTime: string;
  /** Seconds since the epoch; 0 when the build did not record it, as Podman's. */
  Built: number;
  OsArch: string;
  Os: string;
}

// Podman's labels end at column 14, where its tabwriter puts the values.
const LABEL_WIDTH = 14;

/** renderVersion renders `skiff version` as Podman renders its client section. */
export function renderVersion(client: ClientVersion): string {
  const lines: [string, string][] = [
    ['Client:', 'Skiff Engine'],
    ['Version:', client.Version],
    ['API Version:', client.APIVersion],
    ['Node Version:', client.NodeVersion],
    ...(client.GitCommit ? [['Git Commit:', client.GitCommit] as [string, string]] : []),
    ['Built:', client.BuiltTime],
    ['OS/Arch:', client.OsArch],
  ];
  return lines.map(([label, value]) => `${label.padEnd(LABEL_WIDTH - 1)} ${value}\n`).join('');
}

/** versionJson renders `skiff version --format json` on one line, as Podman does. */
export function versionJson(client: ClientVersion): string {
  return `${JSON.stringify({ Client: client })}\n`;
}

/**
 * renderVersionTemplate renders `skiff version --format` with a Go template over
 * `{Client: ...}`, as Podman does, ending with a newline.
 */
export async function renderVersionTemplate(format: string, client: ClientVersion) {
  // Loaded on first use: the plain version output never parses a template.
  const gotemplate = await import('@skiff/gotemplate');
  try {
    const text = gotemplate.normalizeFormat(format);
    const template = gotemplate.parseTemplate(text, { name: 'version', strictFields: true });
    return template.execute({ Client: client });
  } catch (error) {
    if (error instanceof gotemplate.TemplateError) throw new InvalidArgument(error.message);
    throw error;
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** ansicTime renders a local time in Go's time.ANSIC layout ("Thu Jan  1 00:00:00 1970"). */
export function ansicTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, ' ');
  const clock = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  return `${DAYS[date.getDay()]} ${MONTHS[date.getMonth()]} ${day} ${clock} ${date.getFullYear()}`;
}
