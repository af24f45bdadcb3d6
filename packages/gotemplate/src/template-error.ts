import type { TextPosition } from './text-position.js';

/** TemplateErrorCode tells a template that cannot be parsed from one that failed to execute. */
export type TemplateErrorCode = 'TemplateParse' | 'TemplateExec';

/** TemplateErrorDetails is what a TemplateError knows beyond its message. */
export interface TemplateErrorDetails {
  /** templateName is the name the template was parsed under. */
  templateName: string;
  position: TextPosition;
  /** reason is the problem alone, without the location prefix Go puts in front of it. */
  reason: string;
  /** executing is the template (the top one, or a `define`d one) that was running. */
  executing?: string;
  /** context is the source text of the node being evaluated, as Go shows it in `<...>`. */
  context?: string;
  cause?: unknown;
}

/**
 * TemplateError is a template that could not be parsed or executed. Its message reads as Go's
 * text/template would print it, so that users see what Podman shows them:
 * `template: ps:1: function "foo" not defined` for parse errors, and
 * `template: ps:1:2: executing "ps" at <.Foo>: can't evaluate field Foo in type ...` for errors
 * while executing.
 */
export class TemplateError extends Error {
  readonly code: TemplateErrorCode;
  readonly templateName: string;
  readonly position: TextPosition;
  readonly reason: string;
  readonly executing?: string;
  readonly context?: string;

  private constructor(code: TemplateErrorCode, message: string, details: TemplateErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'TemplateError';
    this.code = code;
    this.templateName = details.templateName;
    this.position = details.position;
    this.reason = details.reason;
    this.executing = details.executing;
    this.context = details.context;
  }

  /** parse makes the error for text that is not a valid template; Go names no column here. */
  static parse(details: TemplateErrorDetails): TemplateError {
    const where = `${details.templateName}:${details.position.line}`;
    return new TemplateError('TemplateParse', `template: ${where}: ${details.reason}`, details);
  }

  /** exec makes the error for a template that failed while it was applied to data. */
  static exec(details: TemplateErrorDetails): TemplateError {
    const { line, column } = details.position;
    const where = `${details.templateName}:${line}:${column}`;
    const executing = JSON.stringify(details.executing ?? details.templateName);
    const message =
      details.context === undefined
        ? `template: ${details.templateName}: ${details.reason}`
        : `template: ${where}: executing ${executing} at <${details.context}>: ${details.reason}`;
    return new TemplateError('TemplateExec', message, details);
  }
}
