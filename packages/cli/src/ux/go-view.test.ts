import { parseTemplate } from '@skiff/gotemplate';
import { describe, expect, it } from 'vitest';

import { goView, MAP_SHAPE, type GoShape } from './go-view.js';

const SHAPE: GoShape = {
  type: 'interface {}',
  fields: {
    State: { type: '*define.InspectContainerState' },
    Config: { type: '*define.InspectContainerConfig', fields: { Labels: MAP_SHAPE } },
  },
};
const JSON_VALUE = {
  Id: 'abc',
  State: { Status: 'exited', Pid: 0 },
  Config: { Labels: { foo: 'bar' }, Env: ['A=1'] },
  Mounts: [{ Type: 'volume' }],
};

function render(text: string, value: unknown = goView(JSON_VALUE, SHAPE)): string {
  return parseTemplate(text, { name: 'inspect', strictFields: true }).execute(value);
}

describe('goView', () => {
  it('reads structs by their JSON keys and maps by key', () => {
    expect(render('{{.State.Status}} {{.Config.Labels.foo}} {{.Config.Labels.nope}}')).toBe(
      'exited bar <no value>',
    );
    expect(render('{{(index .Mounts 0).Type}} {{.Config.Labels}}')).toBe('volume map[foo:bar]');
  });

  it('fails on a missing struct field, naming the Go type as Podman does', () => {
    expect(() => render('{{.State.Nope}}')).toThrow(
      "can't evaluate field Nope in type *define.InspectContainerState",
    );
    expect(() => render('{{.Nope}}')).toThrow("can't evaluate field Nope in type interface {}");
  });

  it('prints the original JSON through json', () => {
    expect(render('{{json .Config}}')).toBe('{"Labels":{"foo":"bar"},"Env":["A=1"]}');
  });

  it('reads a null map as an empty one, as Go prints a nil map', () => {
    const value = goView({ Config: { Labels: null } }, SHAPE);
    expect(render('{{.Config.Labels}}|{{.Config.Labels.x}}', value)).toBe('map[]|<no value>');
  });

  it('renames fields when asked to', () => {
    const value = goView({ host: { os: 'linux' } }, {}, { fieldName: (k) => k.toUpperCase() });
    expect(render('{{.HOST.OS}} {{json .HOST}}', value)).toBe('linux {"os":"linux"}');
  });
});
