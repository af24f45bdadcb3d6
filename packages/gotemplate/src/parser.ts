// A recursive-descent parser over the whole token list; one method per grammar rule, so the
// file is long. Error texts follow Go's text/template so that users see what Podman shows.

import { Lexer, type Token } from './lexer.js';
import { nodeText } from './node-text.js';
import { parseNumberLiteral } from './number-literal.js';
import { TemplateError } from './template-error.js';
import type {
  ArgNode,
  BranchNode,
  CommandNode,
  InvokeNode,
  ListNode,
  LiteralNode,
  LoopControlNode,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './template-node.js';
import { textPosition } from './text-position.js';
import { quote } from './quote.js';
import { unquote, unquoteChar } from './unquote.js';

/** ParsedTemplate is the tree of the main template and those it `define`s or `block`s. */
export interface ParsedTemplate {
  root: ListNode;
  definitions: Map<string, ListNode>;
}

interface ListEnd {
  type: 'end' | 'else';
  offset: number;
}

type Parsed = TemplateNode | ListEnd;

const ARGUMENT_START = new Set([
  'bool',
  'char',
  'dot',
  'field',
  'identifier',
  'number',
  'nil',
  'rawString',
  'string',
  'variable',
  'leftParen',
]);
const NOT_EXECUTABLE = new Set(['bool', 'dot', 'nil', 'number', 'string']);
// Go limits nesting too; here the limit keeps deep input from overflowing the JavaScript stack.
const MAX_DEPTH = 1000;

/**
 * Parser turns template text into a tree, checking what Go checks before execution: that every
 * function exists, every variable is declared in scope, and `break`/`continue` sit in a range.
 */
export class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private depth = 0;
  private readonly definitions = new Map<string, ListNode>();

  constructor(
    private readonly text: string,
    private readonly name: string,
    private readonly funcs: ReadonlySet<string>,
  ) {
    this.tokens = new Lexer(text).run();
  }

  /** parse reads the whole text. */
  parse(): ParsedTemplate {
    const root: ListNode = { type: 'list', offset: 0, nodes: [] };
    while (this.peek().kind !== 'eof') {
      if (this.atDefine()) {
        this.definition();
        continue;
      }
      const node = this.textOrAction();
      if (isListEnd(node)) throw this.error(node.offset, `unexpected {{${node.type}}}`);
      root.nodes.push(node);
    }
    return { root, definitions: this.definitions };
  }

  // Token cursor.

  private next(): Token {
    const token = this.tokens[Math.min(this.index, this.tokens.length - 1)];
    this.index++;
    if (token.kind === 'error') throw this.lexError(token);
    return token;
  }

  private peek(): Token {
    const token = this.tokens[Math.min(this.index, this.tokens.length - 1)];
    if (token.kind === 'error') throw this.lexError(token);
    return token;
  }

  private backup(): void {
    this.index--;
  }

  private nextNonSpace(): Token {
    let token = this.next();
    while (token.kind === 'space') token = this.next();
    return token;
  }

  private peekNonSpace(): Token {
    const saved = this.index;
    const token = this.nextNonSpace();
    this.index = saved;
    return token;
  }

  // Errors.

  private error(offset: number, reason: string): TemplateError {
    const position = textPosition(this.text, offset);
    return TemplateError.parse({ templateName: this.name, position, reason });
  }

  private lexError(token: Token): TemplateError {
    if (token.value === 'unclosed action' && token.actionStart !== undefined) {
      const started = textPosition(this.text, token.actionStart).line;
      const ended = textPosition(this.text, token.offset).line;
      if (started !== ended) {
        return this.error(token.offset, `unclosed action started at ${this.name}:${started}`);
      }
    }
    return this.error(token.offset, token.value);
  }

  private unexpected(token: Token, context: string): TemplateError {
    return this.error(token.offset, `unexpected ${describe(token)} in ${context}`);
  }

  private expectRightDelim(context: string): Token {
    const token = this.nextNonSpace();
    if (token.kind !== 'rightDelim') throw this.unexpected(token, context);
    return token;
  }

  // Lists and actions.

  private atDefine(): boolean {
    if (this.peek().kind !== 'leftDelim') return false;
    const saved = this.index;
    this.next();
    const token = this.peekNonSpace();
    this.index = saved;
    return token.kind === 'keyword' && token.value === 'define';
  }

  /** itemList reads nodes up to the `{{end}}` or `{{else}}` that closes them. */
  private itemList(offset: number): { list: ListNode; end: ListEnd } {
    const list: ListNode = { type: 'list', offset, nodes: [] };
    for (;;) {
      const token = this.peek();
      if (token.kind === 'eof') throw this.error(token.offset, 'unexpected EOF');
      const node = this.textOrAction();
      if (isListEnd(node)) return { list, end: node };
      list.nodes.push(node);
    }
  }

  private textOrAction(): Parsed {
    const token = this.next();
    if (token.kind === 'text') return { type: 'text', offset: token.offset, text: token.value };
    if (token.kind === 'leftDelim') return this.action();
    throw this.unexpected(token, 'input');
  }

  private action(): Parsed {
    const token = this.peekNonSpace();
    if (token.kind === 'keyword') {
      const keyword = this.keywordAction(token);
      if (keyword) return keyword;
    }
    const pipe = this.pipeline('command', 'rightDelim');
    return { type: 'action', offset: token.offset, pipe };
  }

  private keywordAction(token: Token): Parsed | undefined {
    const take = () => this.nextNonSpace();
    switch (token.value) {
      case 'if':
      case 'with':
      case 'range':
        take();
        return this.control(token.value, token);
      case 'else':
        take();
        return this.elseAction(token);
      case 'end':
        take();
        this.expectRightDelim('end');
        return { type: 'end', offset: token.offset };
      case 'break':
      case 'continue':
        take();
        return this.loopControl(token.value, token);
      case 'template':
        take();
        return this.invoke(token);
      case 'block':
        take();
        return this.block(token);
    }
    return undefined;
  }

  /** elseAction leaves `if` or `with` after `{{else` for the control it belongs to. */
  private elseAction(token: Token): ListEnd {
    const next = this.peekNonSpace();
    const chained = next.kind === 'keyword' && (next.value === 'if' || next.value === 'with');
    if (!chained) this.expectRightDelim('else');
    return { type: 'else', offset: token.offset };
  }

  private loopControl(kind: 'break' | 'continue', token: Token): LoopControlNode {
    this.expectRightDelim(`{{${kind}}}`);
    if (this.rangeDepth === 0) throw this.error(token.offset, `{{${kind}}} outside {{range}}`);
    return { type: kind, offset: token.offset };
  }

  // Control structures.

  private control(kind: 'if' | 'with' | 'range', keyword: Token): BranchNode {
    this.enter(keyword, 'max control structure depth exceeded');
    const scope = this.vars.length;
    const pipe = this.pipeline(kind, 'rightDelim');

    if (kind === 'range') this.rangeDepth++;
    const body = this.itemList(keyword.offset);
    if (kind === 'range') this.rangeDepth--;

    const node: BranchNode = { type: kind, offset: keyword.offset, pipe, list: body.list };
    if (body.end.type === 'else') node.elseList = this.elseBranch(kind, body.end);
    this.vars.length = scope;
    this.depth--;
    return node;
  }

  private enter(token: Token, reason: string): void {
    if (++this.depth > MAX_DEPTH) throw this.error(token.offset, reason);
  }

  /**
   * elseBranch reads what follows `{{else}}`. `{{else if ...}}` and `{{else with ...}}` open a
   * nested control that shares the outer one's `{{end}}`.
   */
  private elseBranch(kind: 'if' | 'with' | 'range', elseEnd: ListEnd): ListNode {
    const next = this.peekNonSpace();
    if (kind !== 'range' && next.kind === 'keyword' && next.value === kind) {
      this.nextNonSpace();
      return { type: 'list', offset: next.offset, nodes: [this.control(kind, next)] };
    }
    const rest = this.itemList(elseEnd.offset);
    if (rest.end.type !== 'end') throw this.error(rest.end.offset, 'expected end; found {{else}}');
    return rest.list;
  }

  private invoke(keyword: Token): InvokeNode {
    const name = this.templateName('template clause');
    const node: InvokeNode = { type: 'template', offset: keyword.offset, name };
    if (this.peekNonSpace().kind === 'rightDelim') this.nextNonSpace();
    else node.pipe = this.pipeline('template clause', 'rightDelim');
    return node;
  }

  private templateName(context: string): string {
    const token = this.nextNonSpace();
    if (token.kind !== 'string' && token.kind !== 'rawString')
      throw this.unexpected(token, context);
    const name = unquote(token.value);
    if (name === undefined) throw this.error(token.offset, 'invalid syntax');
    return name;
  }

  private block(keyword: Token): InvokeNode {
    const name = this.templateName('block clause');
    const pipe = this.pipeline('block clause', 'rightDelim');
    this.defineBody(name, keyword.offset);
    return { type: 'template', offset: keyword.offset, name, pipe };
  }

  private definition(): void {
    const open = this.next();
    this.nextNonSpace();
    const name = this.templateName('define clause');
    this.expectRightDelim('define clause');
    this.defineBody(name, open.offset);
  }

  /** defineBody reads a template body up to `{{end}}`, in a scope of its own. */
  private defineBody(name: string, offset: number): void {
    const saved = { vars: this.vars, rangeDepth: this.rangeDepth };
    this.vars = ['$'];
    this.rangeDepth = 0;
    const body = this.itemList(offset);
    if (body.end.type !== 'end') throw this.error(body.end.offset, 'expected end; found {{else}}');
    this.vars = saved.vars;
    this.rangeDepth = saved.rangeDepth;

    const existing = this.definitions.get(name);
    if (existing && !isEmptyList(existing) && !isEmptyList(body.list)) {
      throw this.error(offset, `template: multiple definition of template ${quote(name)}`);
    }
    if (!existing || !isEmptyList(body.list)) this.definitions.set(name, body.list);
  }

  // Pipelines.

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const start = this.peekNonSpace();
    const pipe: PipeNode = {
      type: 'pipe',
      offset: start.offset,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    this.declarations(pipe, context);

    for (;;) {
      const token = this.nextNonSpace();
      if (token.kind === end) break;
      if (!ARGUMENT_START.has(token.kind)) throw this.unexpected(token, context);
      this.backup();
      pipe.cmds.push(this.command());
    }

    this.checkPipeline(pipe, context, start);
    return pipe;
  }

  private checkPipeline(pipe: PipeNode, context: string, start: Token): void {
    if (pipe.cmds.length === 0) throw this.error(start.offset, `missing value for ${context}`);
    pipe.cmds.forEach((cmd, stage) => {
      if (stage > 0 && NOT_EXECUTABLE.has(cmd.args[0].type)) {
        throw this.error(cmd.offset, `non executable command in pipeline stage ${stage + 1}`);
      }
    });
  }

  /** declarations reads `$x :=`, `$x =` and, in a range, `$i, $e :=` before a pipeline. */
  private declarations(pipe: PipeNode, context: string): void {
    const saved = this.index;
    const first = this.nextNonSpace();
    if (first.kind !== 'variable') {
      this.index = saved;
      return;
    }
    const after = this.nextNonSpace();
    if (after.kind === 'declare' || after.kind === 'assign') {
      this.declare(pipe, first, after);
      return;
    }
    if (after.kind !== 'comma') {
      this.index = saved;
      return;
    }
    if (context !== 'range') throw this.error(after.offset, `too many declarations in ${context}`);
    this.secondDeclaration(pipe, first);
  }

  private secondDeclaration(pipe: PipeNode, first: Token): void {
    pipe.decl.push(this.variableNode(first));
    this.vars.push(first.value);
    const saved = this.index;
    const second = this.nextNonSpace();
    if (second.kind === 'rightDelim') {
      this.index = saved;
      return;
    }
    if (second.kind !== 'variable') {
      throw this.error(second.offset, 'range can only initialize variables');
    }
    const after = this.nextNonSpace();
    if (after.kind === 'comma') throw this.error(after.offset, 'too many declarations in range');
    if (after.kind !== 'declare' && after.kind !== 'assign') {
      this.index = saved;
      return;
    }
    pipe.isAssign = after.kind === 'assign';
    this.addDeclared(pipe, second);
  }

  private declare(pipe: PipeNode, variable: Token, operator: Token): void {
    pipe.isAssign = operator.kind === 'assign';
    this.addDeclared(pipe, variable);
  }

  private addDeclared(pipe: PipeNode, variable: Token): void {
    if (pipe.isAssign) this.useVariable(variable);
    else this.vars.push(variable.value);
    pipe.decl.push(this.variableNode(variable));
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', offset: this.peekNonSpace().offset, args: [] };
    for (;;) {
      this.skipSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);

      const token = this.next();
      if (token.kind === 'space') continue;
      if (token.kind === 'rightDelim' || token.kind === 'rightParen') this.backup();
      else if (token.kind !== 'pipe') throw this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) throw this.error(cmd.offset, 'empty command');
    return cmd;
  }

  private skipSpace(): void {
    while (this.peek().kind === 'space') this.next();
  }

  /** operand is a term, possibly followed by fields: `.A.B`, `$x.A`, `(pipeline).A`. */
  private operand(): ArgNode | undefined {
    const node = this.term();
    if (!node || this.peek().kind !== 'field') return node;

    // Go places the whole chain at its second field: `.State.Nope` fails at `.Nope`.
    const offset = this.peek().offset;
    const fields: string[] = [];
    while (this.peek().kind === 'field') fields.push(this.next().value.slice(1));
    switch (node.type) {
      case 'field':
      case 'variable':
        return { ...node, offset, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        throw this.error(node.offset, `unexpected . after term ${quote(nodeText(node))}`);
    }
    return { type: 'chain', offset, node, fields };
  }

  private term(): ArgNode | undefined {
    const token = this.nextNonSpace();
    switch (token.kind) {
      case 'identifier':
        if (!this.funcs.has(token.value)) {
          throw this.error(token.offset, `function ${quote(token.value)} not defined`);
        }
        return { type: 'identifier', offset: token.offset, name: token.value };
      case 'variable':
        return this.useVariable(token);
      case 'field':
        return { type: 'field', offset: token.offset, ident: [token.value.slice(1)] };
      case 'leftParen': {
        this.enter(token, 'max expression depth exceeded');
        const pipe = this.pipeline('parenthesized pipeline', 'rightParen');
        this.depth--;
        return pipe;
      }
    }
    const literal = this.literal(token);
    if (!literal) this.backup();
    return literal;
  }

  private literal(token: Token): LiteralNode | undefined {
    const make = (type: LiteralNode['type'], value: unknown): LiteralNode => ({
      type,
      offset: token.offset,
      text: token.value,
      value,
    });
    switch (token.kind) {
      case 'dot':
        return make('dot', undefined);
      case 'nil':
        return make('nil', null);
      case 'bool':
        return make('bool', token.value === 'true');
      case 'number':
        return make('number', this.number(token));
      case 'char':
        return make('number', this.char(token));
      case 'string':
      case 'rawString':
        return make('string', this.string(token));
    }
    return undefined;
  }

  private number(token: Token): number {
    const value = parseNumberLiteral(token.value);
    if (value === undefined) {
      throw this.error(token.offset, `bad number syntax: ${quote(token.value)}`);
    }
    return value;
  }

  private char(token: Token): number {
    const value = unquoteChar(token.value);
    if (value === undefined) {
      throw this.error(token.offset, `malformed character constant: ${token.value}`);
    }
    return value;
  }

  private string(token: Token): string {
    const value = unquote(token.value);
    if (value === undefined) throw this.error(token.offset, 'invalid syntax');
    return value;
  }

  private useVariable(token: Token): VariableNode {
    if (!this.vars.includes(token.value)) {
      throw this.error(token.offset, `undefined variable ${quote(token.value)}`);
    }
    return this.variableNode(token);
  }

  private variableNode(token: Token): VariableNode {
    return { type: 'variable', offset: token.offset, ident: [token.value] };
  }
}

/** describe names a token in an error as Go does: keywords in angle brackets, others quoted. */
function describe(token: Token): string {
  if (token.kind === 'eof') return 'EOF';
  if (token.kind === 'keyword') return `<${token.value}>`;
  if (token.value.length > 10) return `${quote(token.value.slice(0, 10))}...`;
  return quote(token.value);
}

function isListEnd(node: Parsed): node is ListEnd {
  return node.type === 'end' || node.type === 'else';
}

function isEmptyList(list: ListNode): boolean {
  return list.nodes.every((node) => node.type === 'text' && node.text.trim() === '');
}
