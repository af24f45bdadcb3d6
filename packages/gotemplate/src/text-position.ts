/**
 * TextPosition locates a point in template text the way Go's text/template reports it: a
 * 1-based line, and a column counted in UTF-8 bytes from 0 at the start of that line.
 */
export interface TextPosition {
  /** offset is the index of the point in the JavaScript string (UTF-16 code units). */
  offset: number;
  line: number;
  column: number;
}

/** textPosition returns the line and column of `offset` in `text`. */
export function textPosition(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (const ch of before) if (ch === '\n') line++;

  // Go counts the column in bytes, so a multi-byte character before the point moves it further.
  const column = Buffer.byteLength(before.slice(lineStart), 'utf8');
  return { offset, line, column };
}
