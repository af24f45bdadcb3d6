// @skiff/gotemplate: Go's text/template for --format, with Podman's functions (json, upper,
// join, truncate ...) and its `table` directive. It depends on no other Skiff package and
// never evaluates template text as JavaScript.

export { parseTemplate, Template, type TemplateOptions } from './template.js';
export type { TemplateFunc } from './func-table.js';
export {
  TemplateError,
  type TemplateErrorCode,
  type TemplateErrorDetails,
} from './template-error.js';
export type { TextPosition } from './text-position.js';
export { FuncError } from './func-error.js';
export { renderRows, renderTable, type TableOptions } from './render-table.js';
export {
  expandEscapes,
  isTableFormat,
  normalizeFormat,
  rangesOverDot,
  splitActions,
  type FormatPiece,
} from './podman-format.js';
export { PODMAN_TAB_WRITER, TabWriter, type TabWriterOptions } from './tab-writer.js';
export { headerData, splitCamelCase, tableHeader } from './table-header.js';
export { sprint, sprintf, sprintln } from './sprintf.js';
export { formatValue, type FormatSpec } from './format-value.js';
