/**
 * TemplateFunc is a function a caller adds to templates, like a Go FuncMap entry. It receives
 * the evaluated arguments; what it throws becomes `error calling NAME: MESSAGE`.
 */
export type TemplateFunc = (...args: never[]) => unknown;

/** FuncEntry is how the executor calls a function and checks its argument count. */
export interface FuncEntry {
  call: (args: unknown[]) => unknown;
  minArgs: number;
  maxArgs: number;
  /** lazy marks Go's `and` and `or`, which stop evaluating arguments once the result is known. */
  lazy?: 'and' | 'or';
}

/** FuncTable maps function names to entries. */
export type FuncTable = ReadonlyMap<string, FuncEntry>;

/** fixedArity describes a function taking exactly `count` arguments. */
export function fixedArity(count: number, call: (args: unknown[]) => unknown): FuncEntry {
  return { call, minArgs: count, maxArgs: count };
}

/** variadic describes a function taking at least `min` arguments. */
export function variadic(min: number, call: (args: unknown[]) => unknown): FuncEntry {
  return { call, minArgs: min, maxArgs: Infinity };
}

/** callerFunc wraps a caller's function; its argument count is not checked, as JavaScript's
 * own `length` cannot be trusted with default and rest parameters. */
export function callerFunc(fn: TemplateFunc): FuncEntry {
  return variadic(0, (args) => (fn as (...args: unknown[]) => unknown)(...args));
}
