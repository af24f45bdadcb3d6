import type { EngineEvent } from '@skiff/core';
import { parseTemplate } from '@skiff/gotemplate';
import { describe, expect, it } from 'vitest';

import { eventView } from './event-view.js';

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

function render(text: string, event: EngineEvent = EVENT): string {
  return parseTemplate(text, { name: 'events', strictFields: true }).execute(eventView(event));
}

describe('eventView', () => {
  it('fills fields as Go templates print them', () => {
    expect(render('{{.Time}}|{{ .Status }}|{{.ContainerExitCode}}|{{.Attributes}}')).toBe(
      '2026-12-03 23:42:41.20538446 +0000 UTC|died|3|map[a:1 b:two]',
    );
    expect(render('{{.Attributes.a}} {{.Attributes.zz}} {{.Network}}')).toBe('1 <no value> ');
    const bare: EngineEvent = { Status: 'refresh', Time: EVENT.Time, Type: 'system' };
    expect(render('{{.ID}}-{{.ContainerExitCode}}-{{.Attributes}}-{{.Details}}', bare)).toBe(
      '-0-map[]-{  map[]}',
    );
  });

  it("has time.Time's Unix methods", () => {
    expect(render('{{.Time.Unix}} {{.Time.UnixNano}}')).toBe('1796341361 1796341361205384460');
  });

  it('prints the event JSON through json', () => {
    expect(render('{{json .}}')).toBe(JSON.stringify(EVENT));
    expect(render('{{json .Attributes}}')).toBe('{"a":"1","b":"two"}');
  });

  it('fails on an unknown field as Podman does', () => {
    expect(() => render('{{.Foo}}')).toThrow(
      'template: events:1:2: executing "events" at <.Foo>: ' +
        "can't evaluate field Foo in type *events.Event",
    );
  });
});
