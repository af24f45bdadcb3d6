import { formatValue, PLAIN_VALUE, type FormatSpec } from './format-value.js';
import { typeName, valueKind } from './value-kind.js';

/**
 * DirectiveReader walks a printf format string one directive at a time, keeping Go's rules for
 * argument use: `%[n]d` picks an argument, `*` takes a width or precision from the arguments,
 * and what is missing or left over is reported in the output, not thrown.
 */
class DirectiveReader {
  private at = 0;
  private argIndex = 0;
  private reordered = false;
  private readonly out: string[] = [];

  constructor(
    private readonly format: string,
    private readonly args: readonly unknown[],
  ) {}

  run(): string {
    while (this.at < this.format.length) {
      const percent = this.format.indexOf('%', this.at);
      if (percent < 0) {
        this.out.push(this.format.slice(this.at));
        break;
      }
      this.out.push(this.format.slice(this.at, percent));
      this.at = percent + 1;
      this.directive();
    }
    this.reportExtra();
    return this.out.join('');
  }

  private directive(): void {
    const spec: FormatSpec = { verb: '' };
    this.flags(spec);
    let badIndex = !this.argumentIndex();
    this.width(spec);
    this.precision(spec);
    if (!badIndex) badIndex = !this.argumentIndex();

    const verb = this.nextChar();
    if (verb === undefined) {
      this.out.push('%!(NOVERB)');
      return;
    }
    spec.verb = verb;
    this.emit(spec, badIndex);
  }

  private emit(spec: FormatSpec, badIndex: boolean): void {
    if (spec.verb === '%') {
      this.out.push('%');
      return;
    }
    if (badIndex) {
      this.out.push(`%!${spec.verb}(BADINDEX)`);
      return;
    }
    if (this.argIndex >= this.args.length) {
      this.out.push(`%!${spec.verb}(MISSING)`);
      return;
    }
    this.out.push(formatValue(this.args[this.argIndex++], spec));
  }

  private nextChar(): string | undefined {
    const code = this.format.codePointAt(this.at);
    if (code === undefined) return undefined;
    const ch = String.fromCodePoint(code);
    this.at += ch.length;
    return ch;
  }

  private flags(spec: FormatSpec): void {
    for (;;) {
      switch (this.format[this.at]) {
        case '+':
          spec.plus = true;
          break;
        case '-':
          spec.minus = true;
          break;
        case '#':
          spec.sharp = true;
          break;
        case ' ':
          spec.space = true;
          break;
        case '0':
          spec.zero = true;
          break;
        default:
          return;
      }
      this.at++;
    }
  }

  /** argumentIndex reads `[n]`; it returns false for an index that is malformed or too big. */
  private argumentIndex(): boolean {
    if (this.format[this.at] !== '[') return true;
    const close = this.format.indexOf(']', this.at);
    const digits = close < 0 ? '' : this.format.slice(this.at + 1, close);
    this.reordered = true;
    if (!/^[0-9]+$/.test(digits)) {
      this.at = close < 0 ? this.format.length : close + 1;
      return false;
    }
    this.at = close + 1;
    const index = Number(digits) - 1;
    if (index < 0 || index >= this.args.length) return false;
    this.argIndex = index;
    return true;
  }

  /** width reads digits or `*`; a bad `*` argument is reported and the directive goes on. */
  private width(spec: FormatSpec): void {
    if (this.format[this.at] !== '*') {
      spec.width = this.number();
      return;
    }
    this.at++;
    const width = this.starArgument();
    if (width === undefined) {
      this.out.push('%!(BADWIDTH)');
      return;
    }
    if (width < 0) spec.minus = true;
    spec.width = Math.abs(width);
  }

  private precision(spec: FormatSpec): void {
    if (this.format[this.at] !== '.') return;
    this.at++;
    if (!this.argumentIndex()) return;
    if (this.format[this.at] !== '*') {
      spec.precision = this.number() ?? 0;
      return;
    }
    this.at++;
    const precision = this.starArgument();
    if (precision === undefined || precision < 0) this.out.push('%!(BADPREC)');
    else spec.precision = precision;
  }

  /** starArgument takes the next argument as a number, using it up even when it is not one. */
  private starArgument(): number | undefined {
    if (this.argIndex >= this.args.length) return undefined;
    const arg = this.args[this.argIndex++];
    return valueKind(arg) === 'int' ? Number(arg) : undefined;
  }

  private number(): number | undefined {
    const match = /^[0-9]+/.exec(this.format.slice(this.at));
    if (!match) return undefined;
    this.at += match[0].length;
    return Number(match[0]);
  }

  private reportExtra(): void {
    if (this.reordered || this.argIndex >= this.args.length) return;
    const extra = this.args.slice(this.argIndex).map((arg) => {
      if (arg === null || arg === undefined) return '<nil>';
      return `${typeName(arg)}=${formatValue(arg)}`;
    });
    this.out.push(`%!(EXTRA ${extra.join(', ')})`);
  }
}

/** sprintf is Go's fmt.Sprintf over template values. */
export function sprintf(format: string, args: readonly unknown[]): string {
  return new DirectiveReader(format, args).run();
}

/** sprint is Go's fmt.Sprint: a space goes between operands when neither is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  args.forEach((arg, i) => {
    const isString = typeof arg === 'string';
    if (i > 0 && !isString && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(arg, PLAIN_VALUE);
  });
  return out;
}

/** sprintln is Go's fmt.Sprintln: operands always separated by spaces, then a newline. */
export function sprintln(args: readonly unknown[]): string {
  return args.map((arg) => formatValue(arg, PLAIN_VALUE)).join(' ') + '\n';
}
