import { SkiffError } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { SelinuxContext } from './selinux-context.js';

describe('SelinuxContext', () => {
  it('round-trips a label without a level', () => {
    const context = SelinuxContext.parse('a:b:c');

    expect(context.fields()).toEqual({ user: 'a', role: 'b', type: 'c', level: '' });
    expect(context.toString()).toBe('a:b:c');
  });

  it('round-trips a label whose level holds colons', () => {
    const context = SelinuxContext.parse('a:b:c:s0:c1,c2');

    expect(context.level).toBe('s0:c1,c2');
    expect(context.toString()).toBe('a:b:c:s0:c1,c2');
  });

  it('keeps a range level with its categories intact', () => {
    const label = 'system_u:system_r:spc_t:s0-s0:c0.c1023';

    expect(SelinuxContext.parse(label).level).toBe('s0-s0:c0.c1023');
    expect(SelinuxContext.parse(label).toString()).toBe(label);
  });

  it('rejects fewer than three pieces with the go-selinux v1.10.2 text', () => {
    let thrown: unknown;
    try {
      SelinuxContext.parse('a:b');
    } catch (error) {
      thrown = error;
    }

    expect(SkiffError.is(thrown) && thrown.code).toBe('InvalidArgument');
    expect((thrown as Error).message).toBe('Invalid Label');
  });

  it('rejects a single word', () => {
    expect(() => SelinuxContext.parse('unconfined')).toThrow('Invalid Label');
  });

  it('parses the empty string to an empty context that serialises back to empty', () => {
    const context = SelinuxContext.parse('');

    expect(context.isEmpty).toBe(true);
    expect(context.toString()).toBe('');
  });

  it('keeps empty middle pieces, which later checks treat as missing', () => {
    const context = SelinuxContext.parse('u::t');

    expect(context.role).toBe('');
    expect(context.toString()).toBe('u::t');
  });

  it('replaces fields without changing the original', () => {
    const original = SelinuxContext.parse('u:r:t:s0');
    const changed = original.with({ level: 's0:c5,c9', type: 'x_t' });

    expect(changed.toString()).toBe('u:r:x_t:s0:c5,c9');
    expect(original.toString()).toBe('u:r:t:s0');
  });

  it('drops the level and its colon when the level is set empty', () => {
    expect(SelinuxContext.parse('u:r:t:s0').with({ level: '' }).toString()).toBe('u:r:t');
  });
});
