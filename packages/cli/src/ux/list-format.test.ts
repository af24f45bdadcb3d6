import { afterEach, describe, expect, it, vi } from 'vitest';

import { isJsonFormat, printListTemplate } from './list-format.js';

class Row {
  constructor(
    readonly ID: string,
    readonly Names: string,
  ) {}
}
Object.defineProperty(Row, 'name', { value: 'containers.psReporter' });

const ROWS = [new Row('8cae91961c15', 'c1'), new Row('c8818ca2a511', 'second')];
const HEADERS = new Map([
  ['ID', 'CONTAINER ID'],
  ['Names', 'NAMES'],
]);

async function print(format: string, noHeading = false) {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  let error: unknown;
  await printListTemplate(format, ROWS, { name: 'ps', headers: HEADERS, noHeading }).catch(
    (caught: unknown) => (error = caught),
  );
  return { out: written.join(''), error: (error as Error | undefined)?.message };
}

afterEach(() => vi.restoreAllMocks());

describe('isJsonFormat', () => {
  it('takes json and {{json .}} as JSON, as Podman does, and nothing else', () => {
    expect(['json', ' json ', '{{json .}}', '{{ json . }}', '{{json}}'].map(isJsonFormat)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['JSON', '{{json .Names}}', 'table json'].map(isJsonFormat)).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe('printListTemplate', () => {
  it('applies a plain template to each row, without a header', async () => {
    expect((await print('{{.ID}} {{.Names}}')).out).toBe('8cae91961c15 c1\nc8818ca2a511 second\n');
  });

  it('heads a table from the header map and aligns it as Podman', async () => {
    expect((await print('table {{.ID}} {{.Names}}')).out).toBe(
      'CONTAINER ID  NAMES\n8cae91961c15  c1\nc8818ca2a511  second\n',
    );
    expect((await print('table {{.ID}}\\t{{.Names}}', true)).out).toBe(
      '8cae91961c15  c1\nc8818ca2a511  second\n',
    );
  });

  it('heads a field it has no header for <no value>, then fails on the rows as Go does', async () => {
    const { out, error } = await print('table {{.Bogus}}');
    expect(out).toBe('<no value>\n');
    expect(error).toMatch(/can't evaluate field Bogus in type containers.psReporter$/);
  });

  it('leaves a template that ranges over the list alone', async () => {
    expect((await print('{{range .}}{{.Names}},{{end}}')).out).toBe('c1,second,\n');
  });
});
