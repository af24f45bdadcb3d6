import { describe, expect, it } from 'vitest';

import { VolumePaths } from './volume-paths.js';

describe('VolumePaths', () => {
  const paths = new VolumePaths('/var/lib/skiff');

  it('keeps volumes where Podman does', () => {
    expect(paths.data('web')).toBe('/var/lib/skiff/volumes/web/_data');
  });

  it("finds the volume whose data a mount source is, and nothing else's", () => {
    expect(paths.nameOf('/var/lib/skiff/volumes/web/_data')).toBe('web');
    expect(paths.nameOf('/var/lib/skiff/volumes/web')).toBeUndefined();
    expect(paths.nameOf('/srv/web/_data')).toBeUndefined();
    expect(paths.nameOf('/var/lib/skiff/volumes/a/b/_data')).toBeUndefined();
  });
});
