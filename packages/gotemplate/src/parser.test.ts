import { describe, expect, it } from 'vitest';

import { Parser } from './parser.js';
import { TemplateError } from './template-error.js';

const FUNCS = new Set(['printf', 'print', 'len']);

function parse(text: string) {
  return new Parser(text, 't', FUNCS).parse();
}

function parseError(text: string, name = 't'): TemplateError {
  try {
    new Parser(text, name, FUNCS).parse();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

describe('Parser', () => {
  it('builds an action with a pipeline of commands', () => {
    const { root } = parse('{{.X | printf "%s"}}');
    expect(root.nodes).toHaveLength(1);
    const action = root.nodes[0];
    expect(action.type).toBe('action');
    if (action.type !== 'action') return;
    expect(action.pipe.cmds.map((cmd) => cmd.args.map((arg) => arg.type))).toEqual([
      ['field'],
      ['identifier', 'string'],
    ]);
  });

  it('turns {{else if}} into an if nested in the else branch, sharing one end', () => {
    const { root } = parse('{{if .A}}a{{else if .B}}b{{else}}c{{end}}');
    const outer = root.nodes[0];
    if (outer.type !== 'if') throw new Error('not an if');
    const inner = outer.elseList?.nodes[0];
    expect(inner?.type).toBe('if');
    if (inner?.type !== 'if') return;
    expect(inner.elseList?.nodes[0]).toMatchObject({ type: 'text', text: 'c' });
  });

  it('collects define and block bodies as named templates', () => {
    const { root, definitions } = parse('{{define "a"}}A{{end}}x{{block "b" .}}B{{end}}');
    expect([...definitions.keys()]).toEqual(['a', 'b']);
    expect(root.nodes.map((node) => node.type)).toEqual(['text', 'template']);
  });

  it('accepts range with two variables, break and continue', () => {
    expect(() =>
      parse('{{range $i, $e := .}}{{if $i}}{{break}}{{end}}{{continue}}{{end}}'),
    ).not.toThrow();
  });

  it('keeps variables declared in a control structure out of scope after its end', () => {
    expect(parseError('{{with $x := 4}}{{end}}{{$x}}').message).toBe(
      'template: t:1: undefined variable "$x"',
    );
  });

  it('accepts a variable declared at the top level anywhere after it', () => {
    expect(() => parse('{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}')).not.toThrow();
  });

  it.each([
    ['hello{{undefined}}', 'template: t:1: function "undefined" not defined'],
    ['{{$x}}', 'template: t:1: undefined variable "$x"'],
    ['{{end}}', 'template: t:1: unexpected {{end}}'],
    ['{{else}}', 'template: t:1: unexpected {{else}}'],
    ['hello{{range .x}}', 'template: t:1: unexpected EOF'],
    ['{{if .X}}1{{else}}2{{else}}3{{end}}', 'template: t:1: expected end; found {{else}}'],
    ['{{}}', 'template: t:1: missing value for command'],
    ['{{if}}x{{end}}', 'template: t:1: missing value for if'],
    ['{{ ( ) }}', 'template: t:1: missing value for parenthesized pipeline'],
    ['{{printf 3`x`}}', 'template: t:1: unexpected "`x`" in operand'],
    ['{{printf 3, 4}}', 'template: t:1: unexpected "," in operand'],
    ['{{true.any}}', 'template: t:1: unexpected . after term "true"'],
    ['{{12|false}}', 'template: t:1: non executable command in pipeline stage 2'],
    ['{{with $v, $u := 3}}{{end}}', 'template: t:1: too many declarations in with'],
    ['{{range $u, $v, $w := 3}}{{end}}', 'template: t:1: too many declarations in range'],
    ['{{range $k, .}}{{end}}', 'template: t:1: range can only initialize variables'],
    ['{{range .}}{{end}} {{break}}', 'template: t:1: {{break}} outside {{range}}'],
    ['{{range .}}{{else}}{{continue}}{{end}}', 'template: t:1: {{continue}} outside {{range}}'],
    ['{{template .X}}', 'template: t:1: unexpected ".X" in template clause'],
    ['{{block "foo"}}hello{{end}}', 'template: t:1: missing value for block clause'],
    [
      '{{define "a"}}a{{end}}{{define "a"}}b{{end}}',
      'template: t:1: template: multiple definition of template "a"',
    ],
    ['{{$x := 23}}{{with $x.y := 3}}{{end}}', 'template: t:1: unexpected ":=" in operand'],
    ['{{0x1i}}', 'template: t:1: bad number syntax: "0x1i"'],
  ])('rejects %j', (text, message) => {
    expect(parseError(text).message).toBe(message);
  });

  it('names the line of the problem, counting from 1', () => {
    expect(parseError('line1\n{{', 'unclosed1').message).toBe(
      'template: unclosed1:2: unclosed action',
    );
    expect(parseError('line1\n{{\nx\n}}', 'var1').message).toBe(
      'template: var1:3: function "x" not defined',
    );
  });

  it('names where an action that spans lines began when it is never closed', () => {
    expect(parseError('line1\n{{"x"\n"y"\n', 'unclosed3').message).toBe(
      'template: unclosed3:4: unclosed action started at unclosed3:2',
    );
  });

  it('stops at deep nesting with an error instead of overflowing the stack', () => {
    expect(parseError('{{' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '}}').reason).toBe(
      'max expression depth exceeded',
    );
    expect(parseError('{{if 1}}'.repeat(5000)).reason).toBe('max control structure depth exceeded');
  });

  it('gives parse errors a code, the reason alone and a position', () => {
    const error = parseError('ab\n  {{foo}}');
    expect(error.code).toBe('TemplateParse');
    expect(error.reason).toBe('function "foo" not defined');
    expect(error.position).toEqual({ offset: 7, line: 2, column: 4 });
  });
});
