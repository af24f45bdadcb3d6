import { describe, expect, it } from 'vitest';

import { headerData, splitCamelCase, tableHeader } from './table-header.js';

describe('splitCamelCase', () => {
  it.each<[string, string[]]>([
    ['lowercase', ['lowercase']],
    ['Class', ['Class']],
    ['MyClass', ['My', 'Class']],
    ['MyC', ['My', 'C']],
    ['HTML', ['HTML']],
    ['PDFLoader', ['PDF', 'Loader']],
    ['SimpleXMLParser', ['Simple', 'XML', 'Parser']],
    ['GL11Version', ['GL', '11', 'Version']],
    ['BFG9000', ['BFG', '9000']],
    ['BöseÜberraschung', ['Böse', 'Überraschung']],
    ['', []],
  ])('splits %j into %j', (name, words) => {
    expect(splitCamelCase(name)).toEqual(words);
  });
});

describe('tableHeader', () => {
  it('upper-cases the words of a field name, as Podman heads its columns', () => {
    expect(tableHeader('CreatedAt')).toBe('CREATED AT');
    expect(tableHeader('ID')).toBe('ID');
    expect(tableHeader('Names')).toBe('NAMES');
    expect(tableHeader('RunningFor')).toBe('RUNNING FOR');
  });
});

describe('headerData', () => {
  it('puts each header at the end of its field path', () => {
    expect(headerData([['ID'], ['State', 'Pid']])).toEqual({ ID: 'ID', State: { Pid: 'PID' } });
  });

  it('takes overrides by path or by field name, upper-cased', () => {
    const data = headerData([['ID'], ['State', 'Pid']], {
      ID: 'container id',
      'State.Pid': 'pid 1',
    });
    expect(data).toEqual({ ID: 'CONTAINER ID', State: { Pid: 'PID 1' } });
  });

  it('makes one-element lists for paths through range elements', () => {
    expect(
      headerData([
        ['Ports', '[]', 'Host'],
        ['Names', '[]'],
      ]),
    ).toEqual({
      Ports: [{ Host: 'HOST' }],
      Names: ['NAMES'],
    });
  });

  it('is safe with field names that Object.prototype has', () => {
    expect(headerData([['constructor', 'name']])).toEqual({ constructor: { name: 'NAME' } });
  });
});
