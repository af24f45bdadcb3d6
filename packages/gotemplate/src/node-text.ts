import type { ArgNode, CommandNode, PipeNode } from './template-node.js';

/**
 * nodeText renders an operand, command or pipeline back to template source, in the canonical
 * spacing Go uses when it names the node in an error (`at <.State.Pid>`).
 */
export function nodeText(node: ArgNode | CommandNode): string {
  switch (node.type) {
    case 'field':
      return '.' + node.ident.join('.');
    case 'variable':
      return node.ident.join('.');
    case 'chain':
      return `${argText(node.node)}.${node.fields.join('.')}`;
    case 'identifier':
      return node.name;
    case 'pipe':
      return pipeText(node);
    case 'command':
      return node.args.map(argText).join(' ');
    default:
      return node.text;
  }
}

/** pipeText renders a pipeline with its declarations, as `$x := .A | printf "%s"`. */
export function pipeText(pipe: PipeNode): string {
  const commands = pipe.cmds.map(nodeText).join(' | ');
  if (pipe.decl.length === 0) return commands;
  const names = pipe.decl.map((v) => v.ident[0]).join(', ');
  return `${names} ${pipe.isAssign ? '=' : ':='} ${commands}`;
}

function argText(node: ArgNode): string {
  return node.type === 'pipe' ? `(${pipeText(node)})` : nodeText(node);
}
