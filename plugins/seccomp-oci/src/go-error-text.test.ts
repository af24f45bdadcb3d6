import { describe, expect, it } from 'vitest';

import { goErrorText } from './go-error-text.js';

function errnoError(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: node wording, ${syscall}`), { code, syscall });
}

describe('goErrorText', () => {
  it('spells errno values the way Go prints them', () => {
    expect(goErrorText(errnoError('ENOENT', 'open'), '/p.json')).toBe(
      'open /p.json: no such file or directory',
    );
    expect(goErrorText(errnoError('EACCES', 'open'), '/p.json')).toBe(
      'open /p.json: permission denied',
    );
    expect(goErrorText(errnoError('EISDIR', 'read'), '/etc')).toBe('read /etc: is a directory');
    expect(goErrorText(errnoError('ELOOP', 'open'), 'rel.json')).toBe(
      'open rel.json: too many levels of symbolic links',
    );
  });

  it("falls back to Node's message for errors without a known errno", () => {
    expect(goErrorText(new Error('boom'), '/p.json')).toBe('open /p.json: boom');
  });
});
