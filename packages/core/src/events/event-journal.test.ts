import { fork } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SkiffError } from '@skiff/contracts';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { EngineEvent } from './engine-event.js';
import { EventJournal, type EventsOptions } from './event-journal.js';

let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-events-'));
  path = join(dir, 'events', 'events.log');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function event(second: number, status: EngineEvent['Status'], name = 'c1'): EngineEvent {
  const time = `2026-12-03T23:42:${String(second).padStart(2, '0')}.5Z`;
  return {
    ID: 'abc123',
    Image: 'busybox',
    Name: name,
    Status: status,
    Time: time,
    Type: 'container',
  };
}

async function read(options: EventsOptions, journal = new EventJournal(path, 1)) {
  const seen: EngineEvent[] = [];
  await journal.read(options, (e) => {
    seen.push(e);
  });
  return seen;
}

describe('EventJournal.append', () => {
  it('creates the directory and writes Podman-shaped JSON lines', () => {
    const journal = new EventJournal(path);
    journal.append({ Status: 'refresh', Time: '2026-12-03T23:39:25.138051267Z', Type: 'system' });
    journal.append({ ...event(1, 'died'), ContainerExitCode: 3, Attributes: { a: '1' } });

    expect(readFileSync(path, 'utf8').split('\n')).toEqual([
      '{"Status":"refresh","Time":"2026-12-03T23:39:25.138051267Z","Type":"system","Attributes":null}',
      '{"ContainerExitCode":3,"ID":"abc123","Image":"busybox","Name":"c1","Status":"died",' +
        '"Time":"2026-12-03T23:42:01.5Z","Type":"container","Attributes":{"a":"1"}}',
      '',
    ]);
  });

  it('never throws, even when the journal cannot be written', () => {
    writeFileSync(join(dir, 'file'), '');
    const journal = new EventJournal(join(dir, 'file', 'events.log'));

    expect(() => journal.append(event(1, 'create'))).not.toThrow();
  });

  it('keeps every event whole when several processes append at once', async () => {
    const bundle = join(dir, 'journal.cjs');
    buildSync({
      entryPoints: [join(__dirname, 'event-journal.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: bundle,
      alias: { '@skiff/contracts': join(__dirname, '../../../contracts/src/index.ts') },
      logLevel: 'error',
    });
    const child = join(dir, 'writer.cjs');
    // Each event is bigger than a pipe buffer, so that only O_APPEND keeps it whole.
    writeFileSync(
      child,
      `const { EventJournal } = require(${JSON.stringify(bundle)});
       const [path, writer] = process.argv.slice(2);
       const journal = new EventJournal(path);
       for (let i = 0; i < 200; i++) {
         journal.append({ ID: writer, Name: String(i), Status: 'create', Type: 'container',
           Time: '2026-12-03T23:42:01Z', Attributes: { pad: writer.repeat(6000) } });
       }`,
    );

    const writers = ['a', 'b', 'c', 'd', 'e', 'f'];
    await Promise.all(writers.map((w) => once(fork(child, [path, w]), 'exit')));

    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(writers.length * 200);
    const events = lines.map((line) => JSON.parse(line) as EngineEvent);
    for (const writer of writers) {
      const mine = events.filter((e) => e.ID === writer);
      expect(mine.map((e) => e.Name)).toEqual([...Array(200).keys()].map(String));
      expect(mine.every((e) => e.Attributes?.pad === writer.repeat(6000))).toBe(true);
    }
  });
});

describe('EventJournal.read', () => {
  beforeEach(() => {
    const journal = new EventJournal(path);
    for (const [second, status] of [
      [1, 'create'],
      [2, 'start'],
      [3, 'died'],
    ] as const) {
      journal.append(event(second, status));
    }
  });

  it('prints what is there and stops with stream false', async () => {
    const seen = await read({ stream: false });

    expect(seen.map((e) => e.Status)).toEqual(['create', 'start', 'died']);
    expect(JSON.stringify(seen[0])).toBe(
      '{"ID":"abc123","Image":"busybox","Name":"c1","Status":"create",' +
        '"Time":"2026-12-03T23:42:01.5Z","Type":"container","Attributes":null}',
    );
  });

  it('applies filters and exclusive since and until bounds', async () => {
    const between = { since: '2026-12-03T23:42:01.5Z', until: '2026-12-03T23:42:03.5Z' };

    expect((await read({ stream: false, ...between })).map((e) => e.Status)).toEqual(['start']);
    const filtered = await read({ stream: false, filters: ['event=create', 'event=died'] });
    expect(filtered.map((e) => e.Status)).toEqual(['create', 'died']);
  });

  it('skips lines that are not events, including a torn last one', async () => {
    appendFileSync(path, 'not json\n{"Status":"start"}\n{"ID":"abc123","Status":"cle');

    expect(await read({ stream: false })).toHaveLength(3);
  });

  it('reads nothing from a journal that does not exist', async () => {
    rmSync(path);
    expect(await read({ stream: false })).toEqual([]);
  });

  it('streams only new events, until aborted', async () => {
    const journal = new EventJournal(path, 1);
    const controller = new AbortController();
    const seen: string[] = [];

    const done = journal.read({ signal: controller.signal }, (e) => {
      seen.push(e.Status);
      if (seen.length === 2) controller.abort();
    });
    journal.append(event(4, 'cleanup'));
    journal.append(event(5, 'remove'));
    await done;

    expect(seen).toEqual(['cleanup', 'remove']);
  });

  it('streams from the start with since, and stops once until has passed', async () => {
    const soon = String((Date.now() + 200) / 1000);
    const seen = await read({ since: '2026-12-03T23:42:02Z', until: soon });

    expect(seen.map((e) => e.Status)).toEqual(['start', 'died']);
  });

  it('words bad filters and times as Podman does', async () => {
    const message = async (options: EventsOptions) => {
      try {
        await read(options);
      } catch (error) {
        expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
        return SkiffError.chain(error).join(': ');
      }
      return 'accepted';
    };

    expect(await message({ filters: ['foo=bar'] })).toBe(
      'failed to parse event filters: foo is an invalid filter',
    );
    expect(await message({ since: 'bogus' })).toBe(
      'failed to parse event filters: unable to convert since time of bogus: ' +
        'unable to interpret time value',
    );
    expect(await message({ until: 'x' })).toBe(
      'failed to parse event filters: unable to convert until time of x: ' +
        'unable to interpret time value',
    );
  });
});
