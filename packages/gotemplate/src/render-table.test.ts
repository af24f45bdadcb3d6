import { describe, expect, it } from 'vitest';

import { renderRows, renderTable } from './render-table.js';
import { TemplateError } from './template-error.js';

const rows = [
  { ID: 'abc123def456', Names: 'web', CreatedAt: '2 hours ago', State: { Pid: 7 } },
  { ID: 'x', Names: 'a-much-longer-name', CreatedAt: 'now', State: { Pid: 1234 } },
];

describe('renderTable', () => {
  it('prints a header row from the field names, then aligned rows', () => {
    expect(renderTable('table {{.ID}}\\t{{.Names}}\\t{{.CreatedAt}}', rows)).toBe(
      'ID            NAMES               CREATED AT\n' +
        'abc123def456  web                 2 hours ago\n' +
        'x             a-much-longer-name  now\n',
    );
  });

  it('takes header overrides, as Podman does for CONTAINER ID', () => {
    const out = renderTable('table {{.ID}}\t{{.Names}}', rows, { headers: { ID: 'container id' } });
    expect(out.split('\n')[0]).toBe('CONTAINER ID  NAMES');
  });

  it('heads a nested field with its last name', () => {
    expect(renderTable('table {{.Names}}\t{{.State.Pid}}', rows)).toBe(
      'NAMES               PID\nweb                 7\na-much-longer-name  1234\n',
    );
  });

  it('leaves out the header with noHeading', () => {
    expect(renderTable('table {{.Names}}', rows, { noHeading: true })).toBe(
      'web\na-much-longer-name\n',
    );
  });

  it('prints the header alone when there are no rows', () => {
    expect(renderTable('table {{.ID}}\t{{.Names}}', [])).toBe('ID          NAMES\n');
  });

  it('treats spaces between actions as column breaks', () => {
    expect(renderTable('table {{.ID}} {{.Names}}', rows.slice(0, 1))).toBe(
      'ID            NAMES\nabc123def456  web\n',
    );
  });

  it('applies functions to the header text as Podman does', () => {
    expect(renderTable('table {{.Names | upper}}\t{{join .Names ","}}', rows.slice(0, 1))).toBe(
      'NAMES       NAMES\nWEB         web\n',
    );
  });

  it('heads fields read in conditions, and inside with and range', () => {
    const format =
      'table {{if .ID}}{{.Names}}{{end}}\t{{with .State}}{{.Pid}}{{end}}\t' +
      '{{range .Ports}}{{.Host}}:{{.Port}}{{end}}\t{{range .Tags}}{{.}}{{end}}';
    const out = renderTable(format, [
      { ID: 'a', Names: 'n', State: { Pid: 1 }, Ports: [{ Host: 'h', Port: 80 }], Tags: ['t'] },
    ]);
    expect(out).toBe(
      'NAMES       PID         HOST:PORT   TAGS\nn           1           h:80        t\n',
    );
  });

  it('throws TemplateError for a bad format or a failing row', () => {
    expect(() => renderTable('table {{.ID', rows)).toThrow(TemplateError);
    expect(() => renderTable('table {{.ID.X}}', rows)).toThrow(
      "can't evaluate field X in type string",
    );
  });
});

describe('renderRows', () => {
  it('applies a plain format to each row, each on its own line', () => {
    expect(renderRows('{{.Names}}\\t{{.State.Pid}}', rows)).toBe(
      'web\t7\na-much-longer-name\t1234\n',
    );
  });

  it('applies a format that ranges over the list once', () => {
    expect(renderRows('{{range .}}{{.State.Pid}},{{end}}', rows)).toBe('7,1234,\n');
  });

  it('hands table formats to renderTable', () => {
    expect(renderRows('table {{.State.Pid}}', rows)).toBe('PID\n7\n1234\n');
  });
});
