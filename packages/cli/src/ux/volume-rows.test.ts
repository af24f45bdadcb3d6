import { parseTemplate } from '@skiff/gotemplate';
import { describe, expect, it } from 'vitest';

import { volumeListRow } from './volume-rows.js';

const VOLUME = {
  Name: 'v1',
  Driver: 'local',
  Mountpoint: '/var/lib/skiff/volumes/v1/_data',
  CreatedAt: '2026-12-04T03:51:16.168114215Z',
  Labels: { b: '2', a: '1' },
  Scope: 'local',
  Options: {},
  MountCount: 0,
};

function render(text: string): string {
  return parseTemplate(text, { name: 'ls', strictFields: true }).execute(volumeListRow(VOLUME));
}

describe('volumeListRow', () => {
  it("reads as Podman's VolumeListReport: a Go time, maps and false flags", () => {
    expect(render('{{.CreatedAt}}')).toBe('2026-12-04 03:51:16.168114215 +0000 UTC');
    expect(render('{{.Labels}} {{.Labels.a}} {{.Labels.z}} {{.Options}}')).toBe(
      'map[a:1 b:2] 1 <no value> map[]',
    );
    expect(render('{{.Anonymous}} {{.NeedsCopyUp}} {{.MountCount}}')).toBe('false false 0');
  });

  it('prints the inspect JSON through json, labels sorted as Go sorts map keys', () => {
    expect(JSON.parse(render('{{json .}}'))).toEqual(VOLUME);
    expect(render('{{json .Labels}}')).toBe('{"a":"1","b":"2"}');
  });

  it('fails on a field Podman lacks, naming its type', () => {
    expect(() => render('{{.Nope}}')).toThrow('in type *entities.VolumeListReport');
  });
});
