import { builtinFuncs } from './builtin-funcs.js';
import { Executor } from './executor.js';
import { fieldPaths } from './field-paths.js';
import { callerFunc, type FuncEntry, type TemplateFunc } from './func-table.js';
import { Parser } from './parser.js';
import { podmanFuncs } from './podman-funcs.js';
import type { ListNode } from './template-node.js';

/** TemplateOptions are the choices made when a template is parsed. */
export interface TemplateOptions {
  /** name appears in error messages, as Go's template.New(name); Podman uses the command. */
  name?: string;
  /** funcs adds functions, or replaces built-in and Podman ones of the same name. */
  funcs?: Readonly<Record<string, TemplateFunc>>;
  /**
   * strictFields makes a missing field on an object an error, as on a Go struct, instead of
   * `<no value>`, as on a Go map. Map instances stay maps.
   */
  strictFields?: boolean;
}

/**
 * Template is a parsed Go text/template with Podman's functions. Parse once, execute on any
 * number of values; executing never changes the template.
 */
export class Template {
  private constructor(
    readonly name: string,
    private readonly text: string,
    private readonly templates: ReadonlyMap<string, ListNode>,
    private readonly funcs: ReadonlyMap<string, FuncEntry>,
    private readonly strictFields: boolean,
  ) {}

  /** parse reads `text`; it throws a TemplateError naming the line of the first problem. */
  static parse(text: string, options: TemplateOptions = {}): Template {
    const name = options.name ?? '';
    const funcs = new Map<string, FuncEntry>([...builtinFuncs, ...podmanFuncs]);
    for (const [fname, fn] of Object.entries(options.funcs ?? {})) funcs.set(fname, callerFunc(fn));

    const parsed = new Parser(text, name, new Set(funcs.keys())).parse();
    const templates = new Map(parsed.definitions);
    templates.set(name, parsed.root);
    return new Template(name, text, templates, funcs, options.strictFields ?? false);
  }

  /** execute applies the template to `data`; it throws a TemplateError if execution fails. */
  execute(data: unknown): string {
    return this.executeTemplate(this.name, data);
  }

  /** executeTemplate applies one of the templates this text `define`s. */
  executeTemplate(name: string, data: unknown): string {
    const executor = new Executor({
      parseName: this.name,
      text: this.text,
      templates: this.templates,
      funcs: this.funcs,
      strictFields: this.strictFields,
    });
    return executor.run(name, data);
  }

  /** templateNames lists the main template and those defined in it. */
  templateNames(): string[] {
    return [...this.templates.keys()];
  }

  /**
   * fieldPaths lists the field chains the main template reads from its data: `.State.Pid` is
   * ['State', 'Pid'], and `{{range .Ports}}{{.Host}}{{end}}` reads ['Ports', '[]', 'Host'].
   */
  fieldPaths(): string[][] {
    const root = this.templates.get(this.name);
    return root ? fieldPaths(root) : [];
  }
}

/** parseTemplate parses Go template text; see Template.parse. */
export function parseTemplate(text: string, options: TemplateOptions = {}): Template {
  return Template.parse(text, options);
}
