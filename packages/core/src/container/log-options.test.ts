import { describe, expect, it } from 'vitest';

import { checkLogOptions, logSizeMax } from './log-options.js';

describe('logSizeMax', () => {
  it('reads max-size in decimal units, as Podman does', () => {
    expect(logSizeMax(['max-size=10k'], -1)).toBe(10_000);
    expect(logSizeMax(['tag=x', 'max-size=1.5MB'], -1)).toBe(1_500_000);
    expect(logSizeMax(['max-size=2g'], -1)).toBe(2_000_000_000);
    expect(logSizeMax(['max-size=512'], -1)).toBe(512);
  });

  it('falls back to the configured size without max-size', () => {
    expect(logSizeMax([], 4096)).toBe(4096);
    expect(logSizeMax(undefined, -1)).toBe(-1);
  });

  it('refuses a size it cannot read', () => {
    expect(() => logSizeMax(['max-size=lots'], -1)).toThrow('invalid max log size "lots"');
    expect(() => logSizeMax(['max-size=10q'], -1)).toThrow('invalid max log size');
  });
});

describe('checkLogOptions', () => {
  it('accepts the drivers the monitor supports and refuses others', () => {
    expect(() => checkLogOptions('k8s-file')).not.toThrow();
    expect(() => checkLogOptions('none')).not.toThrow();
    expect(() => checkLogOptions(undefined)).not.toThrow();
    expect(() => checkLogOptions('journald')).toThrow('invalid log driver: journald');
  });
});
