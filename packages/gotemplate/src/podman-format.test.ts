import { describe, expect, it } from 'vitest';

import {
  expandEscapes,
  isTableFormat,
  normalizeFormat,
  rangesOverDot,
  splitActions,
} from './podman-format.js';

describe('isTableFormat', () => {
  it('is true for formats that start with "table "', () => {
    expect(isTableFormat('table {{.ID}}')).toBe(true);
    expect(isTableFormat('{{.ID}} table ')).toBe(false);
    expect(isTableFormat('tables {{.ID}}')).toBe(false);
  });
});

describe('expandEscapes', () => {
  it('turns the two characters \\t and \\n into a tab and a newline', () => {
    expect(expandEscapes('a\\tb\\nc')).toBe('a\tb\nc');
  });
});

describe('normalizeFormat', () => {
  it('drops the table prefix, expands escapes, makes spaces column breaks, ends the line', () => {
    expect(normalizeFormat('table {{.ID}}\\t{{.Names}} {{.Image}}')).toBe(
      '{{.ID}}\t{{.Names}}\t{{.Image}}\n',
    );
  });

  it('leaves the inside of actions alone', () => {
    expect(normalizeFormat('table {{printf "%s %s" .A .B}} {{join .Names "\\n"}}')).toBe(
      '{{printf "%s %s" .A .B}}\t{{join .Names "\\n"}}\n',
    );
  });

  it('keeps spaces outside a table and adds no second newline', () => {
    expect(normalizeFormat('{{.ID}} {{.Names}}\\n')).toBe('{{.ID}} {{.Names}}\n');
  });
});

describe('splitActions', () => {
  it('steps over strings and comments that contain the closing delimiter', () => {
    expect(splitActions('a{{"}}"}}b{{/* }} */}}c')).toEqual([
      { action: false, text: 'a' },
      { action: true, text: '{{"}}"}}' },
      { action: false, text: 'b' },
      { action: true, text: '{{/* }} */}}' },
      { action: false, text: 'c' },
    ]);
  });
});

describe('rangesOverDot', () => {
  it('sees a format that loops over the list itself', () => {
    expect(rangesOverDot('{{range .}}{{.ID}}{{end}}')).toBe(true);
    expect(rangesOverDot('{{ range . }}{{.ID}}{{- end -}}')).toBe(true);
    expect(rangesOverDot('{{range .Names}}{{.}}{{end}}')).toBe(false);
  });
});
