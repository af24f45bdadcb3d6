import { describe, expect, it } from 'vitest';

import { emptyRegistriesConfig } from '../config/registries-config.js';
import { registriesInfo } from './registries-info.js';

describe('registriesInfo', () => {
  it('is empty when no registry or search list is configured, as Podman prints {}', () => {
    expect(registriesInfo(emptyRegistriesConfig())).toEqual({});
  });

  it('lists each registry under its prefix with Go field names, then the search list', () => {
    const config = {
      ...emptyRegistriesConfig(),
      unqualifiedSearchRegistries: ['docker.io', 'quay.io'],
      registries: [
        {
          prefix: 'example.com/foo',
          location: 'mirror.example.com',
          insecure: true,
          blocked: false,
          mirrorByDigestOnly: false,
          mirrors: [
            { location: 'm1.example.com', insecure: false, pullFromMirror: 'all' as const },
            { location: 'm2.example.com', insecure: true, pullFromMirror: 'digest-only' as const },
          ],
        },
      ],
    };

    // The same data podman 4.3.1 printed for this registries.conf.
    expect(registriesInfo(config)).toEqual({
      'example.com/foo': {
        Prefix: 'example.com/foo',
        Location: 'mirror.example.com',
        Insecure: true,
        PullFromMirror: '',
        Mirrors: [
          { Location: 'm1.example.com', Insecure: false, PullFromMirror: '' },
          { Location: 'm2.example.com', Insecure: true, PullFromMirror: 'digest-only' },
        ],
        Blocked: false,
        MirrorByDigestOnly: false,
      },
      search: ['docker.io', 'quay.io'],
    });
  });
});
