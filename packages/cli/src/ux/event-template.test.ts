import { SkiffError } from '@skiff/contracts';
import type { EngineEvent } from '@skiff/core';
import { describe, expect, it } from 'vitest';

import { parseEventTemplate } from './event-template.js';

const EVENT: EngineEvent = {
  ContainerExitCode: 3,
  ID: 'f4bc407dcab9',
  Image: 'localhost/busybox:latest',
  Name: 'c3',
  Status: 'died',
  Time: '2026-12-03T23:42:41.20538446Z',
  Type: 'container',
  Attributes: { b: 'two', a: '1' },
};

function render(format: string, event: EngineEvent = EVENT): string {
  return parseEventTemplate(format)(event);
}

function rejection(format: string): string {
  try {
    parseEventTemplate(format);
  } catch (error) {
    expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    return (error as Error).message;
  }
  return 'accepted';
}

describe('parseEventTemplate', () => {
  it('prints json for json and {{json .}}', () => {
    const json = JSON.stringify(EVENT);

    expect(render('json')).toBe(json);
    expect(render(' {{ json . }} ')).toBe(json);
    expect(render('{{.Status}} {{json .}}')).toBe(`died ${json}`);
  });

  it('fills fields as Go templates print them', () => {
    expect(render('{{.Time}}|{{ .Status }}|{{.ContainerExitCode}}|{{.Attributes}}')).toBe(
      '2026-12-03 23:42:41.20538446 +0000 UTC|died|3|map[a:1 b:two]',
    );
    expect(render('{{.Attributes.a}} {{.Attributes.zz}} {{.Network}}')).toBe('1 <no value> ');
    const bare: EngineEvent = { Status: 'refresh', Time: EVENT.Time, Type: 'system' };
    expect(render('{{.ID}}-{{.ContainerExitCode}}-{{.Attributes}}', bare)).toBe('-0-map[]');
  });

  it('reads \\t and \\n as Podman does', () => {
    expect(render('{{.Status}}\\t{{.Name}}\\n!')).toBe('died\tc3\n!');
  });

  it('words unknown fields and unclosed actions as Go does', () => {
    expect(rejection('{{.Foo}}')).toBe(
      'template: events:1:2: executing "events" at <.Foo>: ' +
        "can't evaluate field Foo in type *events.Event",
    );
    expect(rejection('{{.Status}}\n{{ .status}}')).toMatch(/^template: events:2:3: executing/);
    expect(rejection('x{{.Status')).toBe('template: events:1: unclosed action');
  });

  it('refuses the rest of Go templates', () => {
    for (const format of ['{{if .ID}}x{{end}}', '{{.Attributes.a.b}}', 'table {{.ID}}{{"x"}}']) {
      expect(rejection(format)).toContain('full Go templates are not supported yet');
    }
  });
});
