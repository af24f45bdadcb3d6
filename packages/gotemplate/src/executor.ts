import { formatValue } from './format-value.js';
import type { FuncTable } from './func-table.js';
import { FuncError } from './func-error.js';
import { nodeText } from './node-text.js';
import { TemplateError } from './template-error.js';
import type {
  ArgNode,
  BranchNode,
  ChainNode,
  CommandNode,
  IdentifierNode,
  InvokeNode,
  ListNode,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './template-node.js';
import { textPosition } from './text-position.js';
import { isTrue, mapEntries, typeName, valueKind } from './value-kind.js';
import { lookupField, type FieldLookup } from './field-lookup.js';

/** ExecutorOptions is what the executor needs from a parsed template. */
export interface ExecutorOptions {
  /** parseName is the name the text was parsed under, used in error locations. */
  parseName: string;
  text: string;
  templates: ReadonlyMap<string, ListNode>;
  funcs: FuncTable;
  strictFields: boolean;
}

type Signal = 'break' | 'continue' | undefined;
type ErrorNode = ArgNode | CommandNode | InvokeNode;

interface Variable {
  name: string;
  value: unknown;
}

/** NO_FINAL marks a command with no value piped into it; undefined is a value of its own. */
const NO_FINAL = Symbol('no final argument');
const MAX_TEMPLATE_DEPTH = 1000;

/**
 * Executor applies a parsed template to data, following Go's text/template: dot and `$`,
 * variables scoped to their control structure, pipelines passing each result as the last
 * argument of the next command, and Go's printing of the final values.
 */
export class Executor {
  private readonly out: string[] = [];
  private vars: Variable[] = [];
  private depth = 0;
  private current = '';

  constructor(private readonly options: ExecutorOptions) {}

  /** run executes the named template with `data` as dot and `$`. */
  run(name: string, data: unknown): string {
    const tree = this.options.templates.get(name);
    if (!tree) {
      const position = textPosition('', 0);
      throw TemplateError.exec({
        templateName: this.options.parseName,
        position,
        reason: `no template ${JSON.stringify(name)} associated with template ${JSON.stringify(this.options.parseName)}`,
      });
    }
    this.current = name;
    this.vars = [{ name: '$', value: data }];
    this.walkList(data, tree);
    return this.out.join('');
  }

  private fail(node: ErrorNode, reason: string, cause?: unknown): TemplateError {
    return TemplateError.exec({
      templateName: this.options.parseName,
      executing: this.current,
      position: textPosition(this.options.text, node.offset),
      context: node.type === 'template' ? `template ${JSON.stringify(node.name)}` : nodeText(node),
      reason,
      cause,
    });
  }

  // Walking the tree.

  private walkList(dot: unknown, list: ListNode): Signal {
    for (const node of list.nodes) {
      const signal = this.walk(dot, node);
      if (signal) return signal;
    }
    return undefined;
  }

  private walk(dot: unknown, node: TemplateNode): Signal {
    switch (node.type) {
      case 'text':
        this.out.push(node.text);
        return undefined;
      case 'action': {
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.print(node.pipe, value);
        return undefined;
      }
      case 'if':
      case 'with':
        return this.walkBranch(dot, node);
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        this.walkTemplate(dot, node);
        return undefined;
      case 'list':
        return this.walkList(dot, node);
    }
    return node.type;
  }

  private print(pipe: PipeNode, value: unknown): void {
    if (value === undefined || value === null) {
      // Go prints a missing map entry this way; JSON data has nulls where Go has nil values.
      this.out.push('<no value>');
      return;
    }
    if (typeof value === 'function') {
      throw this.fail(pipe, `can't print ${pipeTextOf(pipe)} of type ${typeName(value)}`);
    }
    this.out.push(formatValue(value));
  }

  private walkBranch(dot: unknown, node: BranchNode): Signal {
    const scope = this.vars.length;
    const value = this.evalPipeline(dot, node.pipe);
    let signal: Signal;
    if (isTrue(value)) signal = this.walkList(node.type === 'with' ? value : dot, node.list);
    else if (node.elseList) signal = this.walkList(dot, node.elseList);
    this.vars.length = scope;
    return signal;
  }

  private walkRange(dot: unknown, node: BranchNode): Signal {
    const scope = this.vars.length;
    const { decl, isAssign } = node.pipe;
    const value = this.evalCommands(dot, node.pipe);
    const items = this.rangeItems(node, value);
    if (!isAssign) for (const v of decl) this.vars.push({ name: v.ident[0], value });
    const bodyScope = this.vars.length;

    for (const [key, element] of items) {
      this.setRangeVars(decl, isAssign, key, element);
      const signal = this.walkList(element, node.list);
      this.vars.length = bodyScope;
      if (signal === 'break') break;
    }
    if (items.length === 0 && node.elseList) this.walkList(dot, node.elseList);
    this.vars.length = scope;
    return undefined;
  }

  private setRangeVars(decl: VariableNode[], isAssign: boolean, key: unknown, element: unknown) {
    const values = decl.length === 1 ? [element] : [key, element];
    decl.forEach((v, i) => {
      if (isAssign) this.setVar(v, values[i]);
      else this.vars[this.vars.length - decl.length + i].value = values[i];
    });
  }

  /** rangeItems lists what a range visits: array elements, sorted map entries, or 0..n-1. */
  private rangeItems(node: BranchNode, value: unknown): Array<[unknown, unknown]> {
    switch (valueKind(value)) {
      case 'nil':
        return [];
      case 'array':
        return Array.from(value as ArrayLike<unknown>, (item, i) => [i, item]);
      case 'map':
        return mapEntries(value as object);
      case 'int':
        return this.rangeInteger(node, Number(value));
    }
    throw this.fail(node.pipe, `range can't iterate over ${formatValue(value)}`);
  }

  private rangeInteger(node: BranchNode, count: number): Array<[unknown, unknown]> {
    if (node.pipe.decl.length > 1) {
      throw this.fail(node.pipe, `can't use ${count} to iterate over more than one variable`);
    }
    return Array.from({ length: Math.max(count, 0) }, (_, i) => [i, i]);
  }

  private walkTemplate(dot: unknown, node: InvokeNode): void {
    const tree = this.options.templates.get(node.name);
    if (!tree) throw this.fail(node, `template ${JSON.stringify(node.name)} not defined`);
    if (this.depth >= MAX_TEMPLATE_DEPTH) {
      throw this.fail(node, `exceeded maximum template depth (${MAX_TEMPLATE_DEPTH})`);
    }
    const data = node.pipe ? this.evalPipeline(dot, node.pipe) : undefined;

    // A template invocation does not see the caller's variables; `$` is its own data.
    const saved = { vars: this.vars, current: this.current };
    this.vars = [{ name: '$', value: data }];
    this.current = node.name;
    this.depth++;
    try {
      this.walkList(data, tree);
    } finally {
      this.depth--;
      this.vars = saved.vars;
      this.current = saved.current;
    }
  }

  // Pipelines and commands.

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    const value = this.evalCommands(dot, pipe);
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v, value);
      else this.vars.push({ name: v.ident[0], value });
    }
    return value;
  }

  private evalCommands(dot: unknown, pipe: PipeNode): unknown {
    let value: unknown = NO_FINAL;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    return value;
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: unknown): unknown {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field':
        return this.evalFieldChain(dot, first, first.ident, cmd.args, final);
      case 'chain':
        return this.evalChain(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'nil':
        throw this.fail(first, 'nil is not a command');
    }
    this.notAFunction(cmd.args, final);
    return first.type === 'dot' ? dot : first.value;
  }

  private notAFunction(args: ArgNode[], final: unknown): void {
    if (args.length > 1 || final !== NO_FINAL) {
      throw this.fail(args[0], `can't give argument to non-function ${nodeText(args[0])}`);
    }
  }

  private evalArg(dot: unknown, node: ArgNode): unknown {
    switch (node.type) {
      case 'dot':
        return dot;
      case 'field':
        return this.evalFieldChain(dot, node, node.ident, [node], NO_FINAL);
      case 'variable':
        return this.evalVariable(dot, node, [node], NO_FINAL);
      case 'pipe':
        return this.evalPipeline(dot, node);
      case 'identifier':
        return this.evalFunction(dot, node, node, [node], NO_FINAL);
      case 'chain':
        return this.evalChain(dot, node, [node], NO_FINAL);
    }
    return node.value;
  }

  private evalArgs(dot: unknown, args: ArgNode[], final: unknown): unknown[] {
    const values = args.slice(1).map((arg) => this.evalArg(dot, arg));
    if (final !== NO_FINAL) values.push(final);
    return values;
  }

  // Variables.

  private evalVariable(dot: unknown, node: VariableNode, args: ArgNode[], final: unknown) {
    const value = this.varValue(node);
    if (node.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFields(dot, value, node, node.ident.slice(1), args, final);
  }

  private varValue(node: VariableNode): unknown {
    const name = node.ident[0];
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) return this.vars[i].value;
    }
    throw this.fail(node, `undefined variable: ${name}`);
  }

  private setVar(node: VariableNode, value: unknown): void {
    const name = node.ident[0];
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
    throw this.fail(node, `undefined variable: ${name}`);
  }

  // Fields.

  private evalChain(dot: unknown, chain: ChainNode, args: ArgNode[], final: unknown): unknown {
    if (chain.node.type === 'nil') {
      throw this.fail(chain, `indirection through explicit nil in ${nodeText(chain)}`);
    }
    const receiver = this.evalArg(dot, chain.node);
    return this.evalFields(dot, receiver, chain, chain.fields, args, final);
  }

  private evalFieldChain(
    dot: unknown,
    node: ArgNode,
    fields: string[],
    args: ArgNode[],
    final: unknown,
  ): unknown {
    return this.evalFields(dot, dot, node, fields, args, final);
  }

  /** evalFields applies fields in turn; only the last one may be a method given arguments. */
  private evalFields(
    dot: unknown,
    receiver: unknown,
    node: ArgNode,
    fields: string[],
    args: ArgNode[],
    final: unknown,
  ): unknown {
    let value = receiver;
    fields.forEach((name, i) => {
      const last = i === fields.length - 1;
      value = this.evalField(dot, value, name, node, last ? args : [node], last ? final : NO_FINAL);
    });
    return value;
  }

  private evalField(
    dot: unknown,
    receiver: unknown,
    name: string,
    node: ArgNode,
    args: ArgNode[],
    final: unknown,
  ): unknown {
    const found: FieldLookup = lookupField(receiver, name, this.options.strictFields);
    const hasArgs = args.length > 1 || final !== NO_FINAL;
    switch (found.kind) {
      case 'method':
        return this.callMethod(name, node, found, this.evalArgs(dot, args, final));
      case 'value':
        if (hasArgs) throw this.fail(node, `${name} is not a method but has arguments`);
        return found.value;
      case 'missing':
        if (hasArgs) throw this.fail(node, `${name} is not a method but has arguments`);
        return undefined;
    }
    throw this.fail(node, found.reason);
  }

  private callMethod(
    name: string,
    node: ArgNode,
    found: Extract<FieldLookup, { kind: 'method' }>,
    args: unknown[],
  ): unknown {
    try {
      return found.method.apply(found.receiver, args);
    } catch (error) {
      throw this.fail(node, `error calling ${name}: ${messageOf(error)}`, error);
    }
  }

  // Functions.

  private evalFunction(
    dot: unknown,
    ident: IdentifierNode,
    cmd: CommandNode | IdentifierNode,
    args: ArgNode[],
    final: unknown,
  ): unknown {
    const name = ident.name;
    const entry = this.options.funcs.get(name);
    if (!entry) throw this.fail(ident, `${JSON.stringify(name)} is not a defined function`);
    const given = args.length - 1 + (final === NO_FINAL ? 0 : 1);
    if (given < entry.minArgs || given > entry.maxArgs) {
      throw this.fail(ident, arityMessage(name, entry.minArgs, entry.maxArgs, given));
    }
    if (entry.lazy) return this.evalLazy(entry.lazy, dot, args, final);

    const values = this.evalArgs(dot, args, final);
    try {
      return entry.call(values);
    } catch (error) {
      if (error instanceof FuncError && error.argumentType) throw this.fail(cmd, error.message);
      throw this.fail(cmd, `error calling ${name}: ${messageOf(error)}`, error);
    }
  }

  /** evalLazy is Go's `and` and `or`: the first argument that decides, or the last one. */
  private evalLazy(op: 'and' | 'or', dot: unknown, args: ArgNode[], final: unknown): unknown {
    let value: unknown;
    for (const arg of args.slice(1)) {
      value = this.evalArg(dot, arg);
      if (isTrue(value) !== (op === 'and')) return value;
    }
    return final === NO_FINAL ? value : final;
  }
}

function arityMessage(name: string, min: number, max: number, given: number): string {
  if (min === max) return `wrong number of args for ${name}: want ${min} got ${given}`;
  return `wrong number of args for ${name}: want at least ${min} got ${given}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function pipeTextOf(pipe: PipeNode): string {
  return pipe.cmds.map((cmd) => nodeText(cmd)).join(' | ');
}
