import { parseTemplate } from '@skiff/gotemplate';
import { describe, expect, it } from 'vitest';

import { goFieldName, infoView } from './info-view.js';

const REPORT = {
  host: {
    arch: 'amd64',
    os: 'linux',
    cgroupVersion: 'v2',
    security: { seccompEnabled: true, capabilities: 'CAP_CHOWN' },
  },
  store: { graphRoot: '/var/lib/skiff', containerStore: { number: 2 }, graphStatus: {} },
  registries: {},
  version: { Version: '0.1.0' },
};

function render(text: string): string {
  return parseTemplate(text, { name: 'info', strictFields: true }).execute(infoView(REPORT));
}

describe('infoView', () => {
  it("names fields as Podman's define.Info does", () => {
    expect(render('{{.Host.Arch}} {{.Host.OS}} {{.Host.CgroupsVersion}}')).toBe('amd64 linux v2');
    expect(render('{{.Store.GraphRoot}} {{.Store.ContainerStore.Number}}')).toBe(
      '/var/lib/skiff 2',
    );
    expect(render('{{.Host.Security.DefaultCapabilities}} {{.Version.Version}}')).toBe(
      'CAP_CHOWN 0.1.0',
    );
  });

  it('prints camelCase JSON keys through json, as Podman does', () => {
    expect(render('{{json .Host.Security}}')).toBe(
      '{"seccompEnabled":true,"capabilities":"CAP_CHOWN"}',
    );
  });

  it('treats registries as a map and the rest as structs', () => {
    expect(render('{{.Registries.nope}}|{{.Registries}}')).toBe('<no value>|map[]');
    expect(() => render('{{.Host.Nope}}')).toThrow(
      "can't evaluate field Nope in type *define.HostInfo",
    );
    expect(() => render('{{.Nope}}')).toThrow("can't evaluate field Nope in type *define.Info");
  });

  it('capitalises regular keys and knows the irregular ones', () => {
    expect(['graphRoot', 'cpus', 'ociRuntime', 'seccompEnabled'].map(goFieldName)).toEqual([
      'GraphRoot',
      'CPUs',
      'OCIRuntime',
      'SECCOMPEnabled',
    ]);
  });
});
