import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

import { NoSuchContainer, SkiffError } from '@skiff/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { LogStreamer, type LogSource, type LogSources, type LogsOptions } from './log-streamer.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-log-streamer-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const ONE = 'a'.repeat(64);
const TWO = 'b'.repeat(64);

/** containers writes a log per container and answers for them; `running` lists live ones. */
function containers(logs: Record<string, string>, running = new Set<string>()): LogSources {
  const sources = new Map<string, LogSource>();
  for (const [name, text] of Object.entries(logs)) {
    const id = name === 'one' ? ONE : TWO;
    const logPath = join(dir, `${name}.log`);
    writeFileSync(logPath, text);
    sources.set(name, { id, name, logPath });
  }
  return {
    resolve(nameOrId) {
      const source = sources.get(nameOrId);
      if (!source) throw new NoSuchContainer(nameOrId);
      return source;
    },
    isRunning: (id) => running.has(id),
  };
}

const LOG_ONE =
  '2026-12-03T23:39:28.062827286+00:00 stdout F out1\n' +
  '2026-12-03T23:39:28.062827286+00:00 stdout P partial\n' +
  '2026-12-03T23:39:28.062931180+00:00 stderr F err1\n' +
  '2026-12-03T23:39:28.264010080+00:00 stdout F  more\n';
const LOG_TWO = '2026-12-03T23:39:59.695959124+00:00 stdout F c2a\n';

async function print(sources: LogSources, names: string[], options: LogsOptions = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk) => out.push(String(chunk)));
  stderr.on('data', (chunk) => err.push(String(chunk)));
  await new LogStreamer(sources, 1).print(names, options, { stdout, stderr });
  return { out: out.join(''), err: err.join('') };
}

async function failure(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return SkiffError.chain(error).join(': ');
  }
  return 'no error';
}

describe('LogStreamer', () => {
  it('writes each stream where it came from, as podman logs does', async () => {
    const printed = await print(containers({ one: LOG_ONE }), ['one']);

    expect(printed).toEqual({ out: 'out1\npartial more\n', err: 'err1\n' });
  });

  it('prints Podman timestamps with -t', async () => {
    const printed = await print(containers({ one: LOG_ONE }), ['one'], { timestamps: true });

    expect(printed.out).toBe(
      '2026-12-03T23:39:28.062827286Z out1\n2026-12-03T23:39:28.26401008Z partial more\n',
    );
  });

  it('prefixes lines with the short id, or the name with -n, when there are several', async () => {
    const sources = containers({ one: LOG_ONE, two: LOG_TWO });

    const byId = await print(sources, ['one', 'two'], { tail: 1 });
    expect(byId.out).toBe(`${ONE.slice(0, 12)} partial more\n${TWO.slice(0, 12)} c2a\n`);
    const byName = await print(sources, ['two', 'one'], { names: true, timestamps: true });
    expect(byName.out.split('\n')[0]).toBe('two 2026-12-03T23:39:59.695959124Z c2a');
    expect(byName.err).toBe('one 2026-12-03T23:39:28.06293118Z err1\n');
    expect((await print(sources, ['one'], { names: true })).out).toBe('out1\npartial more\n');
  });

  it('prints nothing when one of the containers does not exist', async () => {
    const sources = containers({ one: LOG_ONE });

    const message = await failure(print(sources, ['one', 'nope']));
    expect(message).toBe('no container with name or ID "nope" found: no such container');
  });

  it('words bad arguments as Podman does', async () => {
    const sources = containers({ one: LOG_ONE });

    expect(await failure(print(sources, []))).toBe(
      'specify at least one container name or ID to log',
    );
    expect(await failure(print(sources, ['nope'], { since: 'bogus' }))).toBe(
      'parsing --since "bogus": unable to interpret time value',
    );
    expect(await failure(print(sources, ['one'], { until: '10x' }))).toBe(
      'parsing --until "10x": unable to interpret time value',
    );
  });

  it('follows several containers at once until each has stopped', async () => {
    const running = new Set([ONE, TWO]);
    const sources = containers({ one: LOG_ONE, two: LOG_TWO }, running);
    const isRunning = sources.isRunning;
    let polls = 0;
    sources.isRunning = (id) => {
      // The second container writes once the first has been polled, then both stop.
      if (id === ONE && ++polls === 2) {
        appendFileSync(join(dir, 'two.log'), '2026-12-03T23:40:00.1+00:00 stdout F c2b\n');
        running.clear();
      }
      return isRunning(id);
    };

    const printed = await print(sources, ['one', 'two'], { follow: true, names: true });
    expect(printed.out.split('\n').sort()).toEqual(
      ['', 'one out1', 'one partial more', 'two c2a', 'two c2b'].sort(),
    );
  });
});
