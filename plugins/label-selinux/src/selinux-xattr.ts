import { StorageError } from '@skiff/contracts';

import { runAttrCommand } from './attr-command.js';

const ATTRIBUTE = 'security.selinux';
const VANISHED = ': No such file or directory';
const NOT_SUPPORTED = ': Operation not supported';
const NO_ATTRIBUTE = ': No such attribute';

/**
 * SelinuxXattr reads and writes the `security.selinux` extended attribute that holds a file's
 * SELinux label, never following symbolic links. Root may set it on a host without SELinux,
 * which is what keeps relabelling testable here.
 *
 * Labels are written without a trailing NUL, as go-selinux (and so Podman) writes them; with
 * SELinux on, the kernel stores its own canonical form either way. Files labelled by
 * libselinux tools (chcon, restorecon) carry a NUL, so reading strips one.
 */
export class SelinuxXattr {
  /** read returns the label of `path` itself; undefined when it has none or cannot have one. */
  async read(path: string): Promise<string | undefined> {
    const report = await runAttrCommand({
      command: 'getfattr',
      args: ['-h', '--absolute-names', '--only-values', '-n', ATTRIBUTE, '--', path],
    });

    if (report.code === 0) return decodeLabel(report.stdout);
    if (report.stderrLines.some((line) => line.endsWith(NO_ATTRIBUTE))) return undefined;
    if (report.stderrLines.some((line) => line.endsWith(NOT_SUPPORTED))) return undefined;
    throw new StorageError(`reading the SELinux label of ${path}: ${describe(report.stderrLines)}`);
  }

  /**
   * readTree returns the label of every entry under `root` that has one, keyed by the entry's
   * path bytes in latin1 (see `SelinuxXattr.key`). Symbolic links are not followed. Entries it
   * could not read are simply absent: a caller only uses this to skip work.
   */
  async readTree(root: string): Promise<Map<string, string>> {
    const report = await runAttrCommand({
      command: 'getfattr',
      args: ['-h', '-R', '--absolute-names', '-e', 'hex', '-n', ATTRIBUTE, '--', root],
      ignoreStderr: () => true,
    });
    return parseDump(report.stdout);
  }

  /**
   * write sets `label` on each path, in order, in one `setfattr` run fed through its restore
   * format on stdin: no argument-length limit, one process for a whole tree, and file names
   * passed as raw bytes. Paths that vanished meanwhile are skipped silently.
   */
  async write(paths: readonly Buffer[], label: string): Promise<void> {
    if (paths.length === 0) return;

    const report = await runAttrCommand({
      command: 'setfattr',
      args: ['-h', '--restore=-'],
      input: restoreDump(paths, label),
      ignoreStderr: (line) => line.endsWith(VANISHED),
    });

    if (report.stderrCount > 0) throw writeError(report.stderrLines, report.stderrCount);
    if (report.code !== 0 && report.code !== 1) {
      throw new StorageError(`setfattr exited with status ${report.code}`);
    }
  }

  /** key spells path bytes as the map keys of readTree. */
  static key(path: Buffer): string {
    return path.toString('latin1');
  }
}

function* restoreDump(paths: readonly Buffer[], label: string): Generator<Buffer> {
  const value = `${ATTRIBUTE}=0x${Buffer.from(label, 'utf8').toString('hex')}\n\n`;
  for (const path of paths) {
    yield Buffer.from(`# file: ${escapePath(path)}\n${value}`, 'latin1');
  }
}

// The attr tools read `\ooo` octal escapes in dumped names; escaping everything but a few
// plain characters keeps spaces, newlines and non-UTF-8 bytes intact.
function escapePath(path: Buffer): string {
  let escaped = '';
  for (const byte of path) {
    const char = String.fromCharCode(byte);
    escaped += /[A-Za-z0-9/._+,@:%~-]/.test(char) ? char : `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return escaped;
}

function unescapePath(text: Buffer): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const octal = text.subarray(i + 1, i + 4).toString('latin1');
    if (text[i] === 0x5c && /^[0-7]{3}$/.test(octal)) {
      bytes.push(parseInt(octal, 8) & 0xff);
      i += 3;
    } else {
      bytes.push(text[i]);
    }
  }
  return Buffer.from(bytes);
}

function parseDump(dump: Buffer): Map<string, string> {
  const labels = new Map<string, string>();
  const filePrefix = Buffer.from('# file: ');
  const valuePrefix = `${ATTRIBUTE}=0x`;
  let current: string | undefined;

  for (const line of splitLines(dump)) {
    if (line.subarray(0, filePrefix.length).equals(filePrefix)) {
      current = SelinuxXattr.key(unescapePath(line.subarray(filePrefix.length)));
      continue;
    }

    const text = line.toString('latin1');
    if (current !== undefined && text.startsWith(valuePrefix)) {
      labels.set(current, decodeLabel(Buffer.from(text.slice(valuePrefix.length), 'hex')));
    }
  }
  return labels;
}

function splitLines(dump: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let end = dump.indexOf(0x0a); end >= 0; end = dump.indexOf(0x0a, start)) {
    lines.push(dump.subarray(start, end));
    start = end + 1;
  }
  if (start < dump.length) lines.push(dump.subarray(start));
  return lines;
}

function decodeLabel(value: Buffer): string {
  const end = value.length > 0 && value[value.length - 1] === 0 ? value.length - 1 : value.length;
  return value.subarray(0, end).toString('utf8');
}

function writeError(lines: readonly string[], count: number): StorageError {
  const unsupported = lines.find((line) => line.endsWith(NOT_SUPPORTED));
  if (unsupported !== undefined) {
    return new StorageError(`the file system does not support SELinux labels (${unsupported})`);
  }
  return new StorageError(`setting SELinux labels: ${describe(lines, count)}`);
}

function describe(lines: readonly string[], count = lines.length): string {
  if (lines.length === 0) return 'failed without a message';

  const more = count - 1;
  return more > 0 ? `${lines[0]} (and ${more} more errors)` : lines[0];
}
