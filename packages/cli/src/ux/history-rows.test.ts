import type { HistoryEntry } from '@skiff/core';
import { parseTemplate } from '@skiff/gotemplate';
import { describe, expect, it } from 'vitest';

import { historyJson, historyRow } from './history-rows.js';

const ENTRY: HistoryEntry = {
  id: '61eb162f41bf91d170dadb49563a38420b813f69122f750bc50c09b55ad4f06b',
  created: '2026-12-04T03:37:32.692486987Z',
  createdBy: `/bin/sh -c #(nop) ADD file:${'b4'.repeat(32)} in /`,
  size: 2129920,
  comment: 'imported from tarball',
};
const NOW = Date.parse('2026-12-04T03:51:33Z');

function render(text: string, noTrunc = false): string {
  const row = historyRow(ENTRY, { noTrunc, now: NOW });
  return parseTemplate(text, { name: 'history', strictFields: true }).execute(row);
}

describe('historyRow', () => {
  it("reads as Podman's historyReporter: ages, human sizes, cut ids and commands", () => {
    expect(render('{{.ID}}|{{.Created}}|{{.CreatedSince}}|{{.Size}}|{{.Tags}}')).toBe(
      '61eb162f41bf|14 minutes ago|14 minutes ago|2.13 MB|[]',
    );
    expect(render('{{.CreatedBy}}')).toBe('/bin/sh -c #(nop) ADD file:b4b4b4b4b4b4b4b...');
    expect(render('{{.CreatedAt}}')).toBe('2026-12-04 03:37:32 +0000 UTC');
    expect(render('{{.ID}}', true)).toBe(ENTRY.id);
  });

  it('keeps the raw layer under .ImageHistoryLayer', () => {
    expect(render('{{.ImageHistoryLayer.Size}} {{.ImageHistoryLayer.Comment}}')).toBe(
      '2129920 imported from tarball',
    );
  });

  it('has no field Podman lacks', () => {
    expect(() => render('{{.Nope}}')).toThrow('in type images.historyReporter');
  });
});

describe('historyJson', () => {
  it("prints Podman's keys on one line, the time again to the second", () => {
    const [layer] = JSON.parse(historyJson([ENTRY]));
    expect(Object.keys(layer)).toEqual([
      'id',
      'created',
      'CreatedBy',
      'size',
      'comment',
      'Created',
    ]);
    expect(layer.Created).toBe('2026-12-04T03:37:32Z');
    expect(historyJson([ENTRY]).split('\n')).toHaveLength(2);
  });
});
