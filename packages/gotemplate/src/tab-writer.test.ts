import { describe, expect, it } from 'vitest';

import { TabWriter } from './tab-writer.js';

function align(text: string, options?: ConstructorParameters<typeof TabWriter>[0]): string {
  const writer = new TabWriter(options);
  writer.write(text);
  return writer.flush();
}

describe('TabWriter', () => {
  it('uses Podman parameters by default: columns at least 12 wide, padding 2', () => {
    expect(align('ID\tNAME\n1\tweb\n')).toBe('ID          NAME\n1           web\n');
    expect(align('CONTAINER ID\tX\n')).toBe('CONTAINER ID  X\n');
  });

  it('sizes each column to its widest cell plus padding', () => {
    const options = { minWidth: 0, padding: 1 };
    expect(align('a\tbbb\tc\naaaa\tb\tc\n', options)).toBe('a    bbb c\naaaa b   c\n');
  });

  it('does not align the text after the last tab of a line', () => {
    expect(align('x\tlong trailing text\nyy\tz\n', { minWidth: 0, padding: 1 })).toBe(
      'x  long trailing text\nyy z\n',
    );
  });

  it('ends a column at a line that has no cell in it, as Go does', () => {
    const text = 'a\tb\tc\naa\tbb\tcc\naaa\t\naaaa\tdddd\teeee\n';
    expect(align(text, { minWidth: 0, padding: 1, padChar: '.' })).toBe(
      'a....b..c\naa...bb.cc\naaa..\naaaa.dddd.eeee\n',
    );
  });

  it('aligns cells to the right when asked', () => {
    const text = 'a\tb\tc\naa\tbb\tcc\naaa\t\naaaa\tdddd\teeee\n';
    expect(align(text, { minWidth: 0, padding: 1, padChar: '.', alignRight: true })).toBe(
      '....a..bc\n...aa.bbcc\n..aaa\n.aaaa.ddddeeee\n',
    );
  });

  it('lines up lines after a line without tabs on their own', () => {
    expect(align('a\tb\nno tabs here\nccc\td\n', { minWidth: 0, padding: 1 })).toBe(
      'a b\nno tabs here\nccc d\n',
    );
  });

  it('keeps a last line without a newline as it is', () => {
    expect(align('a\tb')).toBe('a           b');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(align('é😀\tx\nab\ty\n', { minWidth: 0, padding: 1 })).toBe('é😀 x\nab y\n');
  });

  it('pads with tabs to tab stops when the pad character is a tab', () => {
    expect(
      align('a\tb\nlonger\tc\n', { minWidth: 0, padding: 1, padChar: '\t', tabWidth: 8 }),
    ).toBe('a\tb\nlonger\tc\n');
  });

  it('empties itself on flush', () => {
    const writer = new TabWriter();
    writer.write('a\n');
    writer.flush();
    expect(writer.flush()).toBe('');
  });
});
