import { describe, expect, it } from 'vitest';

import { slotAt, usageSlots } from './usage-slots.js';

describe('usageSlots', () => {
  it("reads each positional argument of Podman's usage lines", () => {
    expect(usageSlots('[options] CONTAINER [CONTAINER...]')).toEqual([
      { kinds: ['container'], words: [], repeats: false },
      { kinds: ['container'], words: [], repeats: true },
    ]);
    expect(usageSlots('[options] IMAGE [COMMAND [ARG...]]').map((s) => s.kinds)).toEqual([
      ['image'],
      ['file'],
      ['file'],
    ]);
    expect(usageSlots('[options] {CONTAINER|IMAGE} [...]')).toEqual([
      { kinds: ['container', 'image'], words: [], repeats: true },
    ]);
    expect(usageSlots('[options] {bash|zsh|fish}')).toEqual([
      { kinds: [], words: ['bash', 'zsh', 'fish'], repeats: false },
    ]);
    expect(usageSlots('IMAGE TARGET_NAME [TARGET_NAME...]')[1]).toEqual({
      kinds: [],
      words: [],
      repeats: false,
    });
  });

  it('follows a repeating last argument and ends after a fixed one', () => {
    const many = usageSlots('[options] VOLUME [VOLUME...]');
    expect(slotAt(many, 5)?.kinds).toEqual(['volume']);
    expect(slotAt(usageSlots('[options] IMAGE'), 1)).toBeUndefined();
    expect(slotAt(usageSlots('[options]'), 0)).toBeUndefined();
  });
});
