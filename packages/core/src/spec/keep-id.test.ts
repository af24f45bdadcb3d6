import { describe, expect, it } from 'vitest';

import { parseKeepId } from './keep-id.js';

describe('parseKeepId', () => {
  it('reads the uid and gid options', () => {
    expect(parseKeepId('keep-id')).toEqual({});
    expect(parseKeepId('keep-id:uid=5')).toEqual({ uid: 5 });
    expect(parseKeepId('keep-id:uid=5,gid=6')).toEqual({ uid: 5, gid: 6 });
    expect(parseKeepId('keep-id:')).toEqual({});
  });

  it('refuses other options and bad numbers in Podman words', () => {
    expect(() => parseKeepId('keep-id:foo')).toThrow('invalid option specified: "foo"');
    expect(() => parseKeepId('keep-id:uid')).toThrow('invalid option specified: "uid"');
    expect(() => parseKeepId('keep-id:uid=')).toThrow(
      'strconv.ParseUint: parsing "": invalid syntax',
    );
    expect(() => parseKeepId('keep-id:uid=abc')).toThrow(
      'strconv.ParseUint: parsing "abc": invalid syntax',
    );
    expect(() => parseKeepId('keep-id:gid=99999999999')).toThrow(
      'strconv.ParseUint: parsing "99999999999": value out of range',
    );
  });
});
