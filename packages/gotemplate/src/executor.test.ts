import { describe, expect, it } from 'vitest';

import { parseTemplate, type TemplateOptions } from './template.js';
import { TemplateError } from './template-error.js';

function run(text: string, data?: unknown, options?: TemplateOptions): string {
  return parseTemplate(text, options).execute(data);
}

function execError(text: string, data?: unknown, options?: TemplateOptions): TemplateError {
  try {
    run(text, data, options);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

describe('Go documentation examples', () => {
  it('prints "17 items are made of wool"', () => {
    const sweaters = { Material: 'wool', Count: 17 };
    expect(run('{{.Count}} items are made of {{.Material}}', sweaters)).toBe(
      '17 items are made of wool',
    );
  });

  it('trims spaces with trim markers: "{{23 -}} < {{- 45}}" is "23<45"', () => {
    expect(run('{{23 -}} < {{- 45}}')).toBe('23<45');
  });

  // Every example of pipelines and variables in the package documentation prints "output".
  it.each([
    '{{"\\"output\\""}}',
    '{{`"output"`}}',
    '{{printf "%q" "output"}}',
    '{{"output" | printf "%q"}}',
    '{{printf "%q" (print "out" "put")}}',
    '{{"put" | printf "%s%s" "out" | printf "%q"}}',
    '{{"output" | printf "%s" | printf "%q"}}',
    '{{with "output"}}{{printf "%q" .}}{{end}}',
    '{{with $x := "output" | printf "%q"}}{{$x}}{{end}}',
    '{{with $x := "output"}}{{printf "%q" $x}}{{end}}',
    '{{with $x := "output"}}{{$x | printf "%q"}}{{end}}',
  ])('%s produces "output"', (text) => {
    expect(run(text)).toBe('"output"');
  });

  it('runs templates that define and invoke each other: "ONE TWO"', () => {
    const text =
      '{{define "T1"}}ONE{{end}}{{define "T2"}}TWO{{end}}' +
      '{{define "T3"}}{{template "T1"}} {{template "T2"}}{{end}}{{template "T3"}}';
    expect(run(text)).toBe('ONE TWO');
  });
});

describe('fields, dot and variables', () => {
  const data = {
    State: { Pid: 4242, Running: true },
    Config: { Labels: { foo: 'bar', 'com.example': 'x' } },
    Names: ['web', 'db'],
  };

  it('follows chained fields and map keys', () => {
    expect(run('{{.State.Pid}} {{.Config.Labels.foo}}', data)).toBe('4242 bar');
  });

  it('prints <no value> for a missing key, and for a field of a missing key', () => {
    expect(run('{{.Nope}} {{.Config.Labels.nope}} {{.Nope.Deeper}}', data)).toBe(
      '<no value> <no value> <no value>',
    );
  });

  it('prints <no value> for null, as Go does for a nil map entry', () => {
    expect(run('{{.A}}', { A: null })).toBe('<no value>');
  });

  it('prints dot and $ as the whole value', () => {
    expect(run('{{.}}|{{$}}', 'x')).toBe('x|x');
  });

  it('keeps $ at the data while dot moves', () => {
    expect(run('{{with .State}}{{.Pid}} {{$.Names}}{{end}}', data)).toBe('4242 [web db]');
  });

  it('declares and reassigns variables, assignment reaching outside if', () => {
    expect(run('{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}')).toBe('2');
  });

  it('reads fields of variables', () => {
    expect(run('{{$s := .State}}{{$s.Pid}}', data)).toBe('4242');
  });

  it('applies fields to a parenthesized pipeline', () => {
    expect(run('{{(index .Items 1).Name}}', { Items: [{ Name: 'a' }, { Name: 'b' }] })).toBe('b');
  });

  it('calls methods of class instances, with arguments', () => {
    class Greeter {
      constructor(private readonly greeting: string) {}
      Greet(name: string): string {
        return `${this.greeting} ${name}`;
      }
      Now(): string {
        return 'noon';
      }
    }
    expect(run('{{.Greet "bob"}} {{.Now}} {{"ann" | .Greet}}', new Greeter('hi'))).toBe(
      'hi bob noon hi ann',
    );
  });

  it('leaves function-valued fields uncalled, for call, as Go does', () => {
    const data = { Add: (a: number, b: number) => a + b };
    expect(run('{{if .Add}}{{call .Add 1 2}}{{end}}', data)).toBe('3');
    expect(execError('{{.Add}}', data).reason).toBe("can't print .Add of type func");
  });

  it('reads getters of class instances', () => {
    class Container {
      constructor(private readonly id: string) {}
      get ShortID(): string {
        return this.id.slice(0, 3);
      }
    }
    expect(run('{{.ShortID}}', new Container('abcdef'))).toBe('abc');
  });

  it('cannot reach the prototype chain of plain objects', () => {
    expect(run('{{.constructor}}|{{.toString}}', {})).toBe('<no value>|<no value>');
  });

  it('errors on a field of a value that has no fields', () => {
    expect(execError('{{.Name.Foo}}', { Name: 'x' }, { name: 't' }).message).toBe(
      'template: t:1:7: executing "t" at <.Name.Foo>: can\'t evaluate field Foo in type string',
    );
  });
});

describe('strictFields', () => {
  it('makes a missing field an error, naming line and column as Go does', () => {
    const error = execError('ok\n  {{.Foo}}', {}, { name: 'ps', strictFields: true });
    expect(error.message).toBe(
      'template: ps:2:4: executing "ps" at <.Foo>: can\'t evaluate field Foo in type map[string]interface {}',
    );
    expect(error.code).toBe('TemplateExec');
    expect(error.position).toMatchObject({ line: 2, column: 4 });
    expect(error.context).toBe('.Foo');
  });

  it('names the class of a class instance in the error', () => {
    class ContainerReport {
      ID = 'x';
    }
    expect(execError('{{.Names}}', new ContainerReport(), { strictFields: true }).reason).toBe(
      "can't evaluate field Names in type ContainerReport",
    );
  });

  it('leaves Map values as maps, where a missing key is no value', () => {
    expect(run('{{.Labels.x}}', { Labels: new Map() }, { strictFields: true })).toBe('<no value>');
  });
});

describe('if, else if, with, else with', () => {
  it.each([
    [{ A: 1 }, 'a'],
    [{ B: 'x' }, 'b'],
    [{}, 'none'],
  ])('chooses the branch for %j', (data, expected) => {
    expect(run('{{if .A}}a{{else if .B}}b{{else}}none{{end}}', data)).toBe(expected);
  });

  it.each([
    [false, 'no'],
    [0, 'no'],
    ['', 'no'],
    [[], 'no'],
    [{}, 'no'],
    [null, 'no'],
    [true, 'yes'],
    [0.5, 'yes'],
    ['x', 'yes'],
    [[0], 'yes'],
    [{ a: 0 }, 'yes'],
    [new Date(0), 'yes'],
  ])('treats %j as empty or not as Go does', (value, expected) => {
    expect(run('{{if .}}yes{{else}}no{{end}}', value)).toBe(expected);
  });

  it('sets dot in with, and leaves it in the else branch', () => {
    expect(run('{{with .A}}{{.}}{{else}}{{.B}}{{end}}', { A: 'a', B: 'b' })).toBe('a');
    expect(run('{{with .A}}{{.}}{{else}}{{.B}}{{end}}', { B: 'b' })).toBe('b');
  });

  it('supports else with chains', () => {
    const text = '{{with .X}}X{{.}}{{else with .Y}}Y{{.}}{{else}}none{{end}}';
    expect(run(text, { Y: 2 })).toBe('Y2');
    expect(run(text, {})).toBe('none');
  });
});

describe('range', () => {
  it('visits array elements', () => {
    expect(run('{{range .}}[{{.}}]{{end}}', ['a', 'b'])).toBe('[a][b]');
  });

  it('visits object entries in sorted key order', () => {
    expect(run('{{range $k, $v := .}}{{$k}}={{$v}} {{end}}', { b: 2, c: 3, a: 1 })).toBe(
      'a=1 b=2 c=3 ',
    );
  });

  it('gives index and element with two variables, element with one', () => {
    expect(run('{{range $i, $e := .}}{{$i}}:{{$e}} {{end}}', ['x', 'y'])).toBe('0:x 1:y ');
    expect(run('{{range $e := .}}{{$e}}{{end}}', ['x', 'y'])).toBe('xy');
  });

  it('runs the else branch for an empty or missing collection', () => {
    expect(run('{{range .}}x{{else}}empty{{end}}', [])).toBe('empty');
    expect(run('{{range .Nope}}x{{else}}empty{{end}}', {})).toBe('empty');
  });

  it('counts over an integer, as Go 1.22 does', () => {
    expect(run('{{range 3}}{{.}}{{end}}')).toBe('012');
  });

  it('stops at break and skips at continue', () => {
    const text =
      '{{range .}}{{if eq . 3}}{{break}}{{end}}{{if eq . 1}}{{continue}}{{end}}{{.}}{{end}}';
    expect(run(text, [0, 1, 2, 3, 4])).toBe('02');
  });

  it('visits Map entries in key order', () => {
    const map = new Map<unknown, unknown>([
      [2, 'b'],
      [1, 'a'],
    ]);
    expect(run('{{range $k, $v := .}}{{$k}}{{$v}}{{end}}', map)).toBe('1a2b');
  });

  it('resets variables declared in the body on each pass', () => {
    expect(run('{{range .}}{{$x := .}}{{$x}}{{end}}', [1, 2])).toBe('12');
  });

  it('errors on a value it cannot iterate', () => {
    expect(execError('{{range .}}{{end}}', 'abc', { name: 't' }).message).toBe(
      'template: t:1:8: executing "t" at <.>: range can\'t iterate over abc',
    );
  });
});

describe('and, or, not and comparisons', () => {
  it('returns the deciding value of and/or', () => {
    expect(run('{{and 1 0 2}}|{{and 1 2}}|{{or 0 "" "x" 3}}|{{or 0 ""}}')).toBe('0|2|x|');
  });

  it('stops evaluating once the result is known', () => {
    let calls = 0;
    const funcs = { boom: () => ++calls };
    expect(run('{{or 1 boom}}{{and 0 boom}}', undefined, { funcs })).toBe('10');
    expect(calls).toBe(0);
  });

  it('takes a piped value as the last argument', () => {
    expect(run('{{0 | or "a"}}|{{"b" | and 1}}')).toBe('a|b');
  });

  it('negates with not', () => {
    expect(run('{{not 0}} {{not "x"}}')).toBe('true false');
  });

  it('compares with eq against any of several values', () => {
    expect(run('{{eq .S "a" "b" "c"}} {{eq .S "x" "y"}}', { S: 'b' })).toBe('true false');
  });

  it('compares numbers and strings in order', () => {
    expect(run('{{lt 1 2}} {{le 2 2}} {{gt 3 2.5}} {{ge 1 2}} {{lt "a" "b"}} {{ne 1 2}}')).toBe(
      'true true true false true true',
    );
  });

  it('compares with nil', () => {
    expect(run('{{eq .X nil}} {{eq .Y nil}}', { Y: 1 })).toBe('true false');
  });

  it('errors on values of different kinds, as Go does', () => {
    expect(execError('{{lt 1 "a"}}', undefined, { name: 't' }).message).toBe(
      'template: t:1:2: executing "t" at <lt 1 "a">: error calling lt: incompatible types for comparison',
    );
  });

  it('errors on values that have no order', () => {
    expect(execError('{{lt true false}}').reason).toBe(
      'error calling lt: invalid type for comparison',
    );
    expect(execError('{{eq . .}}', [1]).reason).toBe(
      'error calling eq: invalid type for comparison',
    );
  });
});

describe('template, block and define', () => {
  it('passes the pipeline as dot, and nil without one', () => {
    const text = '{{define "t"}}[{{.}}]{{end}}{{template "t" .A}}{{template "t"}}';
    expect(run(text, { A: 'x' })).toBe('[x][<no value>]');
  });

  it('runs a block in place', () => {
    expect(run('a{{block "inner" .}}bar{{.}}baz{{end}}b', 1)).toBe('abar1bazb');
  });

  it('executes a named definition directly', () => {
    const template = parseTemplate('{{define "x"}}X{{.}}{{end}}main');
    expect(template.executeTemplate('x', 1)).toBe('X1');
    expect(template.templateNames()).toEqual(['x', '']);
  });

  it('errors on a template that is not defined', () => {
    expect(execError('{{template "nope"}}', undefined, { name: 't' }).message).toBe(
      'template: t:1:2: executing "t" at <template "nope">: template "nope" not defined',
    );
  });

  it('names the executing definition in errors', () => {
    const error = execError(
      '{{define "inner"}}{{.X.Y}}{{end}}{{template "inner" .}}',
      { X: 1 },
      {
        name: 'outer',
      },
    );
    expect(error.message).toBe(
      'template: outer:1:22: executing "inner" at <.X.Y>: can\'t evaluate field Y in type int',
    );
  });

  it('stops runaway recursion', () => {
    expect(execError('{{define "r"}}{{template "r"}}{{end}}{{template "r"}}').reason).toBe(
      'exceeded maximum template depth (1000)',
    );
  });
});

describe('literals and printing', () => {
  it('prints Go literals', () => {
    expect(run("{{1}} {{-2}} {{0x1F}} {{0o17}} {{017}} {{1_000}} {{'a'}} {{1.5}} {{true}}")).toBe(
      '1 -2 31 15 15 1000 97 1.5 true',
    );
  });

  it('prints values as Go prints them with %v', () => {
    const value = { m: { b: 2, a: 'x' }, l: [1, 'two', 2.5], f: 1e21, n: null, t: false };
    expect(run('{{.}}', value)).toBe('map[f:1e+21 l:[1 two 2.5] m:map[a:x b:2] n:<nil> t:false]');
  });

  it('prints a Date as a Go time in UTC', () => {
    expect(run('{{.}}', new Date(Date.UTC(2024, 4, 1, 10, 20, 30)))).toBe(
      '2024-05-01 10:20:30 +0000 UTC',
    );
  });

  it('prints class instances as Go structs', () => {
    class Port {
      Host = 8080;
      Proto = 'tcp';
    }
    expect(run('{{.}} {{printf "%+v" .}}', new Port())).toBe('{8080 tcp} {Host:8080 Proto:tcp}');
  });

  it('produces nothing for an action that declares a variable', () => {
    expect(run('a{{$x := 1}}b')).toBe('ab');
  });

  it('ignores comments', () => {
    expect(run('a{{/* a comment */}}b{{- /* trimmed */ -}}  c')).toBe('abc');
  });
});

describe('execution errors', () => {
  it('reports a wrong argument count', () => {
    expect(execError('{{len 1 2}}').reason).toBe('wrong number of args for len: want 1 got 2');
    expect(execError('{{printf}}').reason).toBe(
      'wrong number of args for printf: want at least 1 got 0',
    );
  });

  it('refuses arguments to a value that is not a function', () => {
    expect(execError('{{.X 1}}', { X: 'a' }).reason).toBe('X is not a method but has arguments');
    expect(execError('{{"x" | .F}}', { F: 1 }).reason).toBe('F is not a method but has arguments');
    expect(execError('{{$x := 1}}{{$x 2}}').reason).toBe("can't give argument to non-function $x");
  });

  it('refuses nil as a command', () => {
    expect(execError('{{nil}}').reason).toBe('nil is not a command');
  });

  it('reports errors thrown by functions, keeping the cause', () => {
    const cause = new RangeError('too big');
    const funcs = {
      fail: () => {
        throw cause;
      },
    };
    const error = execError('{{fail}}', undefined, { funcs, name: 't' });
    expect(error.message).toBe(
      'template: t:1:2: executing "t" at <fail>: error calling fail: too big',
    );
    expect(error.cause).toBe(cause);
  });

  it('reports the column in bytes, as Go does', () => {
    expect(execError('é {{.X.Y}}', { X: 1 }).position).toMatchObject({ line: 1, column: 7 });
  });
});

describe('caller functions', () => {
  it('adds functions and lets them replace built-in ones', () => {
    const funcs = { shout: (s: string) => `${s}!`, len: () => 99 };
    expect(run('{{shout "hi"}} {{len "a"}} {{"x" | shout}}', undefined, { funcs })).toBe(
      'hi! 99 x!',
    );
  });
});
