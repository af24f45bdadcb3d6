import type { DirectiveSource, OciSpec, SpecDirective } from '@skiff/contracts';

/**
 * SpecBuilder assembles a config.json while recording, for each directive, which bucket it
 * came from (image, engine or user) and the exact input behind it. A later `set` of the same
 * path replaces both the value and its provenance, so the record always explains the result.
 */
export class SpecBuilder {
  private readonly directives = new Map<string, SpecDirective>();

  constructor(readonly spec: OciSpec) {}

  /** set writes `value` at a dotted path (`process.cwd`) and records where it came from. */
  set(path: string, value: unknown, source: DirectiveSource, origin: string): void {
    const keys = path.split('.');
    let target = this.spec as unknown as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) {
      target[key] ??= {};
      target = target[key] as Record<string, unknown>;
    }

    const last = keys[keys.length - 1];
    if (value === undefined) delete target[last];
    else target[last] = value;
    this.note(path, source, origin);
  }

  /** note records provenance for a value that was set by other means (a list append). */
  note(path: string, source: DirectiveSource, origin: string): void {
    this.directives.delete(path);
    this.directives.set(path, { path, source, origin });
  }

  /** provenance returns the directives in the order they were last set. */
  provenance(): SpecDirective[] {
    return [...this.directives.values()];
  }
}
