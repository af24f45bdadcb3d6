/** TabWriterOptions are the parameters of Go's text/tabwriter. */
export interface TabWriterOptions {
  /** minWidth is the least width of a column, padding included. */
  minWidth: number;
  /** tabWidth is the width of a tab, used when padding with tabs. */
  tabWidth: number;
  /** padding is added to the widest cell of a column. */
  padding: number;
  /** padChar pads cells: a space, or a tab to align with tab stops. */
  padChar: string;
  alignRight?: boolean;
  discardEmptyColumns?: boolean;
}

/** PODMAN_TAB_WRITER is the writer Podman puts under every table: 12, 2, 2, ' '. */
export const PODMAN_TAB_WRITER: Readonly<TabWriterOptions> = {
  minWidth: 12,
  tabWidth: 2,
  padding: 2,
  padChar: ' ',
};

interface Cell {
  text: string;
  width: number;
}

interface Line {
  cells: Cell[];
  terminated: boolean;
}

/**
 * TabWriter aligns tab-separated cells into columns as Go's text/tabwriter does. A cell is text
 * ended by a tab; the text after a line's last tab is not part of any column. A column runs
 * over consecutive lines that have a cell in it, so a line with fewer cells ends the columns
 * to its right, and the lines after it line up on their own.
 *
 * TODO: Go's escape character (0xff) and the `\v` and `\f` separators are not handled; Podman
 * writes neither.
 */
export class TabWriter {
  private buffer = '';
  private readonly options: TabWriterOptions;

  constructor(options: Partial<TabWriterOptions> = {}) {
    this.options = { ...PODMAN_TAB_WRITER, ...options };
  }

  /** write adds text; nothing is aligned until flush. */
  write(text: string): void {
    this.buffer += text;
  }

  /** flush returns the aligned text written so far and empties the writer. */
  flush(): string {
    const lines = splitLines(this.buffer);
    this.buffer = '';
    const out: string[] = [];
    this.formatBlock(lines, 0, lines.length, [], out);
    return out.join('');
  }

  /** formatBlock lays out lines [start, end) given the widths of the columns to their left. */
  private formatBlock(lines: Line[], start: number, end: number, widths: number[], out: string[]) {
    const column = widths.length;
    let pending = start;
    let at = start;
    while (at < end) {
      if (column >= lines[at].cells.length - 1) {
        at++;
        continue;
      }
      this.writeLines(lines, pending, at, widths, out);
      const blockStart = at;
      let width = this.options.minWidth;
      let empty = true;
      for (; at < end && column < lines[at].cells.length - 1; at++) {
        const cell = lines[at].cells[column];
        width = Math.max(width, cell.width + this.options.padding);
        if (cell.width > 0) empty = false;
      }
      if (empty && this.options.discardEmptyColumns) width = 0;
      this.formatBlock(lines, blockStart, at, [...widths, width], out);
      pending = at;
    }
    this.writeLines(lines, pending, end, widths, out);
  }

  private writeLines(lines: Line[], start: number, end: number, widths: number[], out: string[]) {
    for (let i = start; i < end; i++) {
      const line = lines[i];
      line.cells.forEach((cell, j) => {
        if (j >= widths.length) out.push(cell.text);
        else if (this.options.alignRight) out.push(this.padding(cell, widths[j]) + cell.text);
        else out.push(cell.text + this.padding(cell, widths[j]));
      });
      if (line.terminated) out.push('\n');
    }
  }

  private padding(cell: Cell, width: number): string {
    if (this.options.padChar !== '\t')
      return this.options.padChar.repeat(Math.max(width - cell.width, 0));
    const tab = this.options.tabWidth;
    if (tab === 0) return '';
    const stop = Math.ceil(width / tab) * tab;
    return '\t'.repeat(Math.ceil((stop - cell.width) / tab));
  }
}

function splitLines(text: string): Line[] {
  const parts = text.split('\n');
  const last = parts.pop() ?? '';
  const lines = parts.map((part) => ({ cells: splitCells(part), terminated: true }));
  if (last !== '') lines.push({ cells: splitCells(last), terminated: false });
  return lines;
}

function splitCells(line: string): Cell[] {
  return line.split('\t').map((text) => ({ text, width: [...text].length }));
}
