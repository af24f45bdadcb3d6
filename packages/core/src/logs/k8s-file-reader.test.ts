import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { K8sFileReader, type K8sFileReadOptions } from './k8s-file-reader.js';
import type { LogLine } from './log-line-joiner.js';

// Written by conmon 2.1.6 (k8s-file driver) around runc running busybox:
//   sh -c 'echo hello; echo oops >&2; printf "no newline yet"; sleep 0.3; echo " ...done";
//          head -c 10000 /dev/zero | tr "\0" x; echo; printf "café ✓\n";
//          echo "  two  spaces  "; echo; printf last-partial'
const FIXTURE = join(__dirname, 'fixtures', 'conmon-busybox.log');

let dir: string;
let log: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-logs-'));
  log = join(dir, 'ctr.log');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** record is one k8s-file line written at second `second` of a fixed minute. */
function record(second: number, stream: string, tag: 'P' | 'F', content: string): string {
  const ss = String(second).padStart(2, '0');
  return `2026-12-03T23:39:${ss}.000000100+00:00 ${stream} ${tag} ${content}\n`;
}

async function read(path: string, options: Partial<K8sFileReadOptions> = {}): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  await new K8sFileReader(path, { tail: -1, pollMs: 1, ...options }).read((batch) => {
    lines.push(...batch);
  });
  return lines;
}

function shown(lines: LogLine[]): string[] {
  return lines.map((line) => `${line.stream}:${line.content}${line.ended ? '' : '<no newline>'}`);
}

describe('K8sFileReader on a log conmon wrote', () => {
  it('joins partial records and keeps stdout and stderr apart', async () => {
    const lines = await read(FIXTURE);

    expect(shown(lines)).toEqual([
      'stdout:hello',
      'stderr:oops',
      'stdout:no newline yet ...done',
      `stdout:${'x'.repeat(10_000)}`,
      'stdout:café ✓',
      'stdout:  two  spaces  ',
      'stdout:',
      'stdout:last-partial<no newline>',
    ]);
    expect(lines[2].rawTime).toBe('2026-12-03T23:44:51.416652905+00:00');
  });

  it('shows the last lines with tail, counting the unfinished one', async () => {
    expect(shown(await read(FIXTURE, { tail: 3 }))).toEqual([
      'stdout:  two  spaces  ',
      'stdout:',
      'stdout:last-partial<no newline>',
    ]);
    expect(shown(await read(FIXTURE, { tail: 6 }))[0]).toBe('stdout:no newline yet ...done');
    expect(await read(FIXTURE, { tail: 0 })).toEqual([]);
  });
});

describe('K8sFileReader', () => {
  it('reads nothing from a log that does not exist', async () => {
    expect(await read(log)).toEqual([]);
    expect(await read(log, { tail: 5 })).toEqual([]);
  });

  it('leaves out a torn last line and lines that are not records', async () => {
    writeFileSync(
      log,
      `${record(1, 'stdout', 'F', 'one')}garbage\n2026-12-03T23:39:02.1+00:00 std`,
    );

    expect(shown(await read(log))).toEqual(['stdout:one']);
  });

  it('filters by time after tail, with exclusive bounds', async () => {
    writeFileSync(log, [1, 2, 3, 4].map((s) => record(s, 'stdout', 'F', `l${s}`)).join(''));
    const second = (s: number) => BigInt(Date.UTC(2026, 11, 3, 23, 39, s)) * 1_000_000n + 100n;

    const lines = await read(log, { since: second(1), until: second(4) });
    expect(shown(lines)).toEqual(['stdout:l2', 'stdout:l3']);
    expect(shown(await read(log, { tail: 2, since: second(3) }))).toEqual(['stdout:l4']);
  });

  it('finds the tail of a log much bigger than one read, with lines cut across reads', async () => {
    const records: string[] = [];
    for (let i = 0; i < 20_000; i++) records.push(record(i % 60, 'stdout', 'F', `line ${i}`));
    // One line of 100 KiB in 8 KiB pieces, as conmon splits a long line, then stderr lines.
    const piece = 'y'.repeat(8192);
    for (let i = 0; i < 12; i++) records.push(record(7, 'stdout', 'P', piece));
    records.push(record(7, 'stderr', 'F', 'interleaved'));
    records.push(record(7, 'stdout', 'F', 'end'));
    writeFileSync(log, records.join(''));

    const lines = await read(log, { tail: 3 });
    expect(lines.map((line) => line.content.length)).toEqual([10, 11, 12 * 8192 + 3]);
    expect(lines[0].content).toBe('line 19999');
    expect(shown(await read(log, { tail: 5000 }))[0]).toBe('stdout:line 15002');
  });

  it('reads the tail from the end, never the 6 GiB before it', async () => {
    // A sparse file: reading it whole would take 6 GiB of zeros without one newline.
    writeFileSync(log, '');
    truncateSync(log, 6 * 1024 ** 3);
    appendFileSync(log, `\n${record(1, 'stdout', 'F', 'a')}${record(2, 'stderr', 'F', 'b')}`);

    expect(shown(await read(log, { tail: 2 }))).toEqual(['stdout:a', 'stderr:b']);
  });
});

describe('K8sFileReader following a log', () => {
  /** following runs `steps` one per poll while "running", then reports the lines read. */
  async function following(steps: (() => void)[], options: Partial<K8sFileReadOptions> = {}) {
    let poll = 0;
    const running = () => {
      steps[poll]?.();
      poll++;
      return poll <= steps.length;
    };
    return shown(await read(log, { follow: running, ...options }));
  }

  it('waits for the log to appear and for torn lines to be finished', async () => {
    const lines = await following([
      () => {},
      () => writeFileSync(log, record(1, 'stdout', 'F', 'one')),
      () => appendFileSync(log, record(2, 'stdout', 'P', 'two-').slice(0, 40)),
      () => appendFileSync(log, record(2, 'stdout', 'P', 'two-').slice(40)),
      () => appendFileSync(log, record(3, 'stdout', 'F', 'three') + record(4, 'stderr', 'P', 'x')),
    ]);

    expect(lines).toEqual(['stdout:one', 'stdout:two-three', 'stderr:x<no newline>']);
  });

  it('starts after the tail and completes a line that was pending there', async () => {
    writeFileSync(log, record(1, 'stdout', 'F', 'old') + record(2, 'stdout', 'F', 'last'));
    appendFileSync(log, record(3, 'stdout', 'P', 'pend'));

    const lines = await following([() => appendFileSync(log, record(4, 'stdout', 'F', 'ing'))], {
      tail: 1,
    });
    expect(lines).toEqual(['stdout:last', 'stdout:pending']);
  });

  it('reads a rotated log from its start', async () => {
    writeFileSync(log, record(1, 'stdout', 'F', 'before'));
    const lines = await following([
      () => {},
      () => {
        writeFileSync(join(dir, 'new.log'), record(2, 'stdout', 'F', 'after'));
        renameSync(join(dir, 'new.log'), log);
      },
    ]);

    expect(lines).toEqual(['stdout:before', 'stdout:after']);
  });

  it('stops at the next poll once aborted, even while the writer runs', async () => {
    writeFileSync(log, record(1, 'stdout', 'F', 'one'));
    const controller = new AbortController();
    const lines: LogLine[] = [];

    await new K8sFileReader(log, {
      tail: -1,
      pollMs: 1,
      signal: controller.signal,
      follow: () => true,
    }).read((batch) => {
      lines.push(...batch);
      controller.abort();
    });
    expect(shown(lines)).toEqual(['stdout:one']);
  });
});
