import { describe, expect, it } from 'vitest';

import { parseSignal, signalName, stopSignalOf } from './signals.js';

describe('parseSignal', () => {
  it('reads names with or without SIG, in any case, and numbers', () => {
    expect(parseSignal('SIGTERM')).toBe(15);
    expect(parseSignal('TERM')).toBe(15);
    expect(parseSignal('kill')).toBe(9);
    expect(parseSignal('sigusr1')).toBe(10);
    expect(parseSignal('2')).toBe(2);
    expect(parseSignal('64')).toBe(64);
  });

  it('reads real-time signals relative to RTMIN and RTMAX', () => {
    expect(parseSignal('RTMIN')).toBe(34);
    expect(parseSignal('SIGRTMIN+3')).toBe(37);
    expect(parseSignal('RTMAX-1')).toBe(63);
  });

  it.each(['BOGUS', '0', '65', 'RTMIN-1', 'RTMAX+1', '', 'SIG'])('refuses %j', (input) => {
    expect(() => parseSignal(input)).toThrow(`invalid signal: ${input}`);
  });
});

describe('stopSignalOf', () => {
  it('prefers the flag, then the image, then SIGTERM', () => {
    expect(stopSignalOf('INT', 'QUIT')).toBe(2);
    expect(stopSignalOf(undefined, 'SIGQUIT')).toBe(3);
    expect(stopSignalOf(undefined, undefined)).toBe(15);
    expect(stopSignalOf(undefined, '')).toBe(15);
  });
});

describe('signalName', () => {
  it('names known signals and falls back to the number', () => {
    expect(signalName(15)).toBe('SIGTERM');
    expect(signalName(9)).toBe('SIGKILL');
    expect(signalName(40)).toBe('40');
  });
});
