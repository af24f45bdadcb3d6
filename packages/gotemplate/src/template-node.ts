/** ListNode is a sequence of nodes: a template body, or a branch of a control structure. */
export interface ListNode {
  type: 'list';
  offset: number;
  nodes: TemplateNode[];
}

/** TextNode is text outside actions, copied to the output as it is. */
export interface TextNode {
  type: 'text';
  offset: number;
  text: string;
}

/** ActionNode is `{{pipeline}}`: its value is printed unless the pipeline declares variables. */
export interface ActionNode {
  type: 'action';
  offset: number;
  pipe: PipeNode;
}

/** BranchNode is `if`, `with` or `range`, each with an optional `else` list. */
export interface BranchNode {
  type: 'if' | 'with' | 'range';
  offset: number;
  pipe: PipeNode;
  list: ListNode;
  elseList?: ListNode;
}

/** InvokeNode is `{{template "name" pipeline}}`, and what a `block` leaves in place. */
export interface InvokeNode {
  type: 'template';
  offset: number;
  name: string;
  pipe?: PipeNode;
}

/** LoopControlNode is `{{break}}` or `{{continue}}` inside a range. */
export interface LoopControlNode {
  type: 'break' | 'continue';
  offset: number;
}

/** TemplateNode is anything that can appear in a list. */
export type TemplateNode =
  ListNode | TextNode | ActionNode | BranchNode | InvokeNode | LoopControlNode;

/** PipeNode is a pipeline: optional variable declarations, then commands joined by `|`. */
export interface PipeNode {
  type: 'pipe';
  offset: number;
  /** isAssign is true for `$x = ...`, false for `$x := ...`. */
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}

/** CommandNode is one stage of a pipeline: an operand, possibly followed by arguments. */
export interface CommandNode {
  type: 'command';
  offset: number;
  args: ArgNode[];
}

/** FieldNode is `.A.B`, a chain of fields or map keys on dot. */
export interface FieldNode {
  type: 'field';
  offset: number;
  ident: string[];
}

/** VariableNode is `$x` or `$x.A.B`; ident[0] is the variable's name with its `$`. */
export interface VariableNode {
  type: 'variable';
  offset: number;
  ident: string[];
}

/** ChainNode is fields applied to something else, as in `(index . 0).Name`. */
export interface ChainNode {
  type: 'chain';
  offset: number;
  node: ArgNode;
  fields: string[];
}

/** IdentifierNode names a function. */
export interface IdentifierNode {
  type: 'identifier';
  offset: number;
  name: string;
}

/** LiteralNode is a constant written in the template: its source text and its value. */
export interface LiteralNode {
  type: 'bool' | 'number' | 'string' | 'nil' | 'dot';
  offset: number;
  text: string;
  value: unknown;
}

/** ArgNode is an operand of a command. */
export type ArgNode =
  FieldNode | VariableNode | ChainNode | IdentifierNode | LiteralNode | PipeNode;
