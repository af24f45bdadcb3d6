import { InvalidArgument } from '@skiff/contracts';

/** SelinuxContextFields are the four parts of a security context; `level` may be empty. */
export interface SelinuxContextFields {
  user: string;
  role: string;
  type: string;
  level: string;
}

/**
 * SelinuxContext is a parsed SELinux security context, `user:role:type[:level]`. It owns the
 * split and the join, so that a label read from a contexts file or an option survives a round
 * trip unchanged. The level keeps any colons of its own (`s0:c1,c2`, `s0-s0:c0.c1023`).
 */
export class SelinuxContext implements SelinuxContextFields {
  /** EMPTY is what the empty string parses to: no label at all. */
  static readonly EMPTY = new SelinuxContext({ user: '', role: '', type: '', level: '' });

  readonly user: string;
  readonly role: string;
  readonly type: string;
  readonly level: string;

  private constructor(fields: SelinuxContextFields) {
    this.user = fields.user;
    this.role = fields.role;
    this.type = fields.type;
    this.level = fields.level;
  }

  /**
   * parse splits a label into at most four pieces. Fewer than three is an error worded as
   * go-selinux v1.10.2 words it, since Podman users see that text.
   */
  static parse(text: string): SelinuxContext {
    if (text === '') return SelinuxContext.EMPTY;

    const pieces = text.split(':');
    if (pieces.length < 3) throw new InvalidArgument('Invalid Label');

    const [user, role, type, ...rest] = pieces;
    return new SelinuxContext({ user, role, type, level: rest.join(':') });
  }

  /** isEmpty reports whether this is the empty label. */
  get isEmpty(): boolean {
    return !this.user && !this.role && !this.type && !this.level;
  }

  /** with returns a copy with some fields replaced. */
  with(changes: Partial<SelinuxContextFields>): SelinuxContext {
    return new SelinuxContext({ ...this.fields(), ...changes });
  }

  /** fields returns the four parts as a plain object. */
  fields(): SelinuxContextFields {
    return { user: this.user, role: this.role, type: this.type, level: this.level };
  }

  /** toString joins the parts back; the level and its colon appear only when there is one. */
  toString(): string {
    if (this.isEmpty) return '';

    const base = `${this.user}:${this.role}:${this.type}`;
    return this.level ? `${base}:${this.level}` : base;
  }
}
