import { describe, expect, it } from 'vitest';

import { applyLabelOptions } from './apply-label-options.js';
import { SelinuxContext } from './selinux-context.js';

const FRESH = {
  process: SelinuxContext.parse('system_u:system_r:container_t:s0:c1,c2'),
  mount: SelinuxContext.parse('system_u:object_r:container_file_t:s0:c1,c2'),
};

function labels(options: string[]): [string, string] | 'disable' {
  const outcome = applyLabelOptions(FRESH, options);
  return outcome.disable ? 'disable' : [`${outcome.process}`, `${outcome.mount}`];
}

describe('applyLabelOptions', () => {
  it('leaves the fresh labels alone without options', () => {
    expect(labels([])).toEqual([`${FRESH.process}`, `${FRESH.mount}`]);
  });

  it('keeps colons in a value after the first one', () => {
    expect(labels(['level:s0-s0:c0.c1023'])).toEqual([
      'system_u:system_r:container_t:s0-s0:c0.c1023',
      'system_u:object_r:container_file_t:s0-s0:c0.c1023',
    ]);
  });

  it('accepts an empty type value, producing an empty field', () => {
    expect(labels(['type:'])[0]).toBe('system_u:system_r::s0:c1,c2');
  });

  it('stops at disable wherever it appears', () => {
    expect(labels(['type:x_t', 'disable', 'nonsense'])).toBe('disable');
  });

  it('does not treat disable with surrounding spaces as disable', () => {
    expect(() => labels([' disable'])).toThrow('Bad label option " disable"');
  });

  it('leaves the inputs unchanged', () => {
    applyLabelOptions(FRESH, ['type:x_t', 'filetype:y_t', 'user:u']);

    expect(`${FRESH.process}`).toBe('system_u:system_r:container_t:s0:c1,c2');
    expect(`${FRESH.mount}`).toBe('system_u:object_r:container_file_t:s0:c1,c2');
  });
});
