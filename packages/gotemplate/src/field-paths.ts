import type { ArgNode, BranchNode, ListNode, PipeNode, TemplateNode } from './template-node.js';

/** ELEMENT is the path segment for "each element of" in a path that passes through a range. */
export const ELEMENT = '[]';

type Add = (path: string[]) => void;

/**
 * fieldPaths collects the field chains a template reads from the data it is given: `.A.B` is
 * ['A', 'B'], and `$.A.B` the same. Inside `{{with .A}}` the fields read are under A, and
 * inside `{{range .A}}` under each element of A: `{{range .Ports}}{{.Host}}{{end}}` reads
 * ['Ports', '[]', 'Host']. Each chain appears once, in the order first met.
 */
export function fieldPaths(root: ListNode): string[][] {
  const seen = new Map<string, string[]>();
  const add: Add = (path) => {
    const key = path.join('.');
    if (!seen.has(key)) seen.set(key, path);
  };
  walkList(root, [], add, () => seen.size);
  return [...seen.values()];
}

function walkList(list: ListNode, prefix: string[], add: Add, size: () => number): void {
  for (const node of list.nodes) walkNode(node, prefix, add, size);
}

function walkNode(node: TemplateNode, prefix: string[], add: Add, size: () => number): void {
  switch (node.type) {
    case 'list':
      walkList(node, prefix, add, size);
      return;
    case 'action':
      walkPipe(node.pipe, prefix, add);
      return;
    case 'if':
      walkPipe(node.pipe, prefix, add);
      walkList(node.list, prefix, add, size);
      if (node.elseList) walkList(node.elseList, prefix, add, size);
      return;
    case 'with':
    case 'range':
      walkMovingDot(node, prefix, add, size);
      return;
    case 'template':
      if (node.pipe) walkPipe(node.pipe, prefix, add);
  }
}

/** walkMovingDot follows dot into a `with` or `range` over a field; other bodies are skipped. */
function walkMovingDot(node: BranchNode, prefix: string[], add: Add, size: () => number): void {
  if (node.elseList) walkList(node.elseList, prefix, add, size);
  const target = soleField(node.pipe);
  if (!target) {
    walkPipe(node.pipe, prefix, add);
    return;
  }
  const inner = [...prefix, ...target, ...(node.type === 'range' ? [ELEMENT] : [])];
  const before = size();
  walkList(node.list, inner, add, size);
  if (size() === before) add(inner);
}

function soleField(pipe: PipeNode): string[] | undefined {
  if (pipe.cmds.length !== 1 || pipe.cmds[0].args.length !== 1) return undefined;
  const arg = pipe.cmds[0].args[0];
  return arg.type === 'field' ? arg.ident : undefined;
}

function walkPipe(pipe: PipeNode, prefix: string[], add: Add): void {
  for (const cmd of pipe.cmds) for (const arg of cmd.args) walkArg(arg, prefix, add);
}

function walkArg(arg: ArgNode, prefix: string[], add: Add): void {
  switch (arg.type) {
    case 'field':
      add([...prefix, ...arg.ident]);
      return;
    case 'variable':
      if (arg.ident[0] === '$' && arg.ident.length > 1) add(arg.ident.slice(1));
      return;
    case 'pipe':
      walkPipe(arg, prefix, add);
      return;
    case 'chain':
      walkArg(arg.node, prefix, add);
  }
}
