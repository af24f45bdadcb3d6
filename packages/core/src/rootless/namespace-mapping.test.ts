import { describe, expect, it } from 'vitest';

import { mappingArguments, namespaceMapping, parseIdMap } from './namespace-mapping.js';

describe('namespaceMapping', () => {
  it('maps the user to 0 and the subordinate ranges from 1, one after another', () => {
    const mapping = namespaceMapping(1001, [
      { start: 100000, count: 65536 },
      { start: 300000, count: 10 },
    ]);

    expect(mapping).toEqual([
      { containerID: 0, hostID: 1001, size: 1 },
      { containerID: 1, hostID: 100000, size: 65536 },
      { containerID: 65537, hostID: 300000, size: 10 },
    ]);
    expect(mappingArguments(42, mapping)).toEqual([
      '42',
      '0',
      '1001',
      '1',
      '1',
      '100000',
      '65536',
      '65537',
      '300000',
      '10',
    ]);
  });
});

describe('parseIdMap', () => {
  it('reads the kernel uid_map layout', () => {
    const text = '         0       1001          1\n         1     100000      65536\n';

    expect(parseIdMap(text)).toEqual([
      { containerID: 0, hostID: 1001, size: 1 },
      { containerID: 1, hostID: 100000, size: 65536 },
    ]);
  });
});
