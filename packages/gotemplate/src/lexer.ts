// The lexer is a scanner with one method per kind of token, so it is longer than most files.

/** TokenKind names the pieces the lexer cuts template text into. */
export type TokenKind =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'identifier'
  | 'keyword'
  | 'field'
  | 'variable'
  | 'dot'
  | 'number'
  | 'string'
  | 'rawString'
  | 'char'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'punct'
  | 'eof'
  | 'error';

/** Token is one lexed piece of template text with its offset in the text. */
export interface Token {
  kind: TokenKind;
  /** value is the source text of the token; for an `error` token, the problem. */
  value: string;
  offset: number;
  /** actionStart is, for an unclosed action, where the action began. */
  actionStart?: number;
}

const LEFT = '{{';
const RIGHT = '}}';
const KEYWORDS = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'template',
  'with',
]);
const TERMINATORS = new Set(['.', ',', '|', ':', ')', '(']);
const ALPHANUMERIC = /[\p{L}\p{Nd}_]/u;
const NUMBER =
  /[+-]?(?:0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]+)?|0[oO][0-7_]*|0[bB][01_]*|[0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9_]+)?)i?/y;

/** isSpace is Go's notion of white space in templates: space, tab, carriage return, newline. */
export function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isAlphaNumeric(ch: string | undefined): boolean {
  return ch !== undefined && ALPHANUMERIC.test(ch);
}

/** goRune formats a character as Go's %#U does: `U+0023 '#'`. */
function goRune(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} '${ch}'`;
}

/**
 * Lexer cuts template text into tokens. White space inside actions is kept as `space` tokens,
 * because Go's grammar needs them to tell `$x +2` from `$x+2`. Comments and trim markers are
 * handled here and leave no tokens; the token list always ends with `eof` or `error`.
 */
export class Lexer {
  private readonly tokens: Token[] = [];
  private pos = 0;
  private trimNextText = false;
  private parenDepth = 0;

  constructor(private readonly text: string) {}

  /** run lexes the whole text. */
  run(): Token[] {
    while (this.lexText() && this.lexAction()) {
      // Each round is one stretch of text and the action after it.
    }
    return this.tokens;
  }

  private emit(kind: TokenKind, value: string, offset: number): void {
    this.tokens.push({ kind, value, offset });
  }

  private fail(message: string, offset: number): false {
    this.emit('error', message, offset);
    return false;
  }

  private lexText(): boolean {
    const start = this.pos;
    const open = this.text.indexOf(LEFT, start);
    const end = open < 0 ? this.text.length : open;
    let body = this.text.slice(start, end);
    let bodyStart = start;

    if (this.trimNextText) {
      const trimmed = body.replace(/^[ \t\r\n]+/, '');
      bodyStart += body.length - trimmed.length;
      body = trimmed;
      this.trimNextText = false;
    }
    if (open >= 0 && this.hasLeftTrim(open)) body = body.replace(/[ \t\r\n]+$/, '');
    if (body.length > 0) this.emit('text', body, bodyStart);

    if (open < 0) {
      this.emit('eof', '', this.text.length);
      return false;
    }
    this.pos = open;
    return true;
  }

  private hasLeftTrim(open: number): boolean {
    const at = open + LEFT.length;
    return this.text[at] === '-' && isSpace(this.text[at + 1]);
  }

  /** rightDelimLength is the length of the closing delimiter at `at`, with its trim marker. */
  private rightDelimLength(at: number): number {
    if (this.text.startsWith(RIGHT, at)) return RIGHT.length;
    if (isSpace(this.text[at]) && this.text.startsWith('-' + RIGHT, at + 1)) return 4;
    return 0;
  }

  private lexAction(): boolean {
    const start = this.pos;
    const inner = start + LEFT.length + (this.hasLeftTrim(start) ? 2 : 0);
    if (this.text.startsWith('/*', inner)) return this.lexComment(start, inner);

    this.emit('leftDelim', LEFT, start);
    this.pos = inner;
    this.parenDepth = 0;
    return this.lexInside(start);
  }

  private lexComment(start: number, inner: number): boolean {
    const close = this.text.indexOf('*/', inner + 2);
    if (close < 0) return this.fail('unclosed comment', start);

    const after = close + 2;
    const delim = this.rightDelimLength(after);
    if (delim === 0) return this.fail('comment ends before closing delimiter', start);
    this.trimNextText = delim > RIGHT.length;
    this.pos = after + delim;
    return true;
  }

  private lexInside(actionStart: number): boolean {
    for (;;) {
      const delim = this.rightDelimLength(this.pos);
      if (delim > 0) return this.lexRightDelim(delim);
      if (this.pos >= this.text.length) {
        this.tokens.push({
          kind: 'error',
          value: 'unclosed action',
          offset: this.text.length,
          actionStart,
        });
        return false;
      }
      if (!this.lexInsideToken()) return false;
    }
  }

  private lexRightDelim(length: number): boolean {
    if (this.parenDepth > 0) return this.fail('unclosed left paren', this.pos);
    this.emit('rightDelim', RIGHT, this.pos);
    this.trimNextText = length > RIGHT.length;
    this.pos += length;
    return true;
  }

  private lexInsideToken(): boolean {
    const ch = this.text[this.pos];
    const next = this.text[this.pos + 1];
    if (isSpace(ch)) return this.lexSpace();
    if (ch === '"') return this.lexQuoted('"', 'string', 'unterminated quoted string');
    if (ch === "'") return this.lexQuoted("'", 'char', 'unterminated character constant');
    if (ch === '`') return this.lexRawString();
    if (ch === '$') return this.lexWord('variable');
    if (ch === '.' && !(next !== undefined && next >= '0' && next <= '9')) {
      return this.lexWord('field');
    }
    if (ch === '.' || ch === '+' || ch === '-' || (ch >= '0' && ch <= '9')) return this.lexNumber();
    if (isAlphaNumeric(ch)) return this.lexIdentifier();
    return this.lexPunctuation(ch, next);
  }

  private lexPunctuation(ch: string, next: string | undefined): boolean {
    const start = this.pos;
    this.pos++;
    switch (ch) {
      case '|':
        this.emit('pipe', ch, start);
        return true;
      case ',':
        this.emit('comma', ch, start);
        return true;
      case '=':
        this.emit('assign', ch, start);
        return true;
      case ':':
        if (next !== '=') return this.fail('expected :=', start);
        this.pos++;
        this.emit('declare', ':=', start);
        return true;
      case '(':
        this.parenDepth++;
        this.emit('leftParen', ch, start);
        return true;
      case ')':
        this.parenDepth--;
        if (this.parenDepth < 0) return this.fail('unexpected right paren', start);
        this.emit('rightParen', ch, start);
        return true;
    }
    return this.lexOtherChar(start);
  }

  private lexOtherChar(start: number): boolean {
    const ch = String.fromCodePoint(this.text.codePointAt(start) ?? 0);
    const code = ch.codePointAt(0) ?? 0;
    // Go passes printable ASCII on to the parser, which then names it as unexpected.
    if (code > 0x20 && code < 0x7f) {
      this.emit('punct', ch, start);
      return true;
    }
    return this.fail(`unrecognized character in action: ${goRune(ch)}`, start);
  }

  /** lexSpace leaves the last space before ` -}}` in place: it belongs to the trim marker. */
  private lexSpace(): boolean {
    const start = this.pos;
    let end = start;
    while (isSpace(this.text[end])) end++;
    if (this.text.startsWith('-' + RIGHT, end)) end--;
    if (end > start) this.emit('space', this.text.slice(start, end), start);
    this.pos = end;
    return true;
  }

  private lexQuoted(quote: string, kind: TokenKind, unterminated: string): boolean {
    const start = this.pos;
    let at = start + 1;
    for (;;) {
      const ch = this.text[at];
      if (ch === '\\') {
        at++;
        if (this.text[at] === undefined || this.text[at] === '\n') break;
      } else if (ch === quote) {
        this.pos = at + 1;
        this.emit(kind, this.text.slice(start, this.pos), start);
        return true;
      } else if (ch === undefined || ch === '\n') {
        break;
      }
      at++;
    }
    return this.fail(unterminated, start);
  }

  private lexRawString(): boolean {
    const start = this.pos;
    const close = this.text.indexOf('`', start + 1);
    if (close < 0) return this.fail('unterminated raw quoted string', start);
    this.pos = close + 1;
    this.emit('rawString', this.text.slice(start, this.pos), start);
    return true;
  }

  /** lexWord reads `$name`, `$`, `.Name` or `.`. */
  private lexWord(kind: 'variable' | 'field'): boolean {
    const start = this.pos;
    this.pos++;
    while (isAlphaNumeric(this.text[this.pos])) this.pos++;
    if (!this.atTerminator()) return this.badCharacter();

    const word = this.text.slice(start, this.pos);
    this.emit(kind === 'field' && word === '.' ? 'dot' : kind, word, start);
    return true;
  }

  private lexIdentifier(): boolean {
    const start = this.pos;
    while (isAlphaNumeric(this.text[this.pos])) this.pos++;
    if (!this.atTerminator()) return this.badCharacter();

    const word = this.text.slice(start, this.pos);
    let kind: TokenKind = 'identifier';
    if (KEYWORDS.has(word)) kind = 'keyword';
    else if (word === 'true' || word === 'false') kind = 'bool';
    else if (word === 'nil') kind = 'nil';
    this.emit(kind, word, start);
    return true;
  }

  private lexNumber(): boolean {
    const start = this.pos;
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(this.text);
    const end = start + (match?.[0].length ?? 0);
    const digits = this.text.slice(start, end);

    if (isAlphaNumeric(this.text[end]) || !/[0-9]/.test(digits)) {
      const shown = this.text.slice(start, end + 1);
      return this.fail(`bad number syntax: ${JSON.stringify(shown)}`, start);
    }
    this.pos = end;
    this.emit('number', digits, start);
    return true;
  }

  private atTerminator(): boolean {
    const ch = this.text[this.pos];
    if (ch === undefined || isSpace(ch) || TERMINATORS.has(ch)) return true;
    return this.text.startsWith(RIGHT, this.pos);
  }

  private badCharacter(): false {
    const ch = String.fromCodePoint(this.text.codePointAt(this.pos) ?? 0);
    return this.fail(`bad character ${goRune(ch)}`, this.pos);
  }
}
