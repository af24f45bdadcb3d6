// This file is a parser for the `WWW-Authenticate` header (RFC 7235): the scanning steps sit
// together below. Node joins repeated headers with `, `, so one string may hold several
// challenges, and a comma may end a parameter or a whole challenge.

const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+/;
const PARAM_AHEAD = /^[ \t]*[A-Za-z0-9!#$%&'*+.^_`|~-]+[ \t]*=/;

/** AuthChallenge is one challenge of a `WWW-Authenticate` header. */
export interface AuthChallenge {
  /** The scheme in lower case: `bearer`, `basic` ... */
  scheme: string;
  /** The parameters, names in lower case: `realm`, `service`, `scope` ... */
  params: Record<string, string>;
}

/** parseAuthChallenges reads every challenge of a `WWW-Authenticate` header; junk ends it. */
export function parseAuthChallenges(header: string): AuthChallenge[] {
  const scanner = new Scanner(header);
  const challenges: AuthChallenge[] = [];

  for (;;) {
    scanner.skip(/^[ \t,]*/);
    const scheme = scanner.take(TOKEN);
    if (scheme === undefined) return challenges;

    challenges.push({ scheme: scheme.toLowerCase(), params: readParams(scanner) });
  }
}

function readParams(scanner: Scanner): Record<string, string> {
  const params: Record<string, string> = {};
  scanner.skip(/^[ \t]*/);

  while (scanner.sees(PARAM_AHEAD)) {
    const name = scanner.take(TOKEN) ?? '';
    scanner.skip(/^[ \t]*=[ \t]*/);
    params[name.toLowerCase()] = scanner.quoted() ?? scanner.take(TOKEN) ?? '';

    scanner.skip(/^[ \t]*/);
    if (!scanner.sees(/^,/)) break;
    // Past the comma comes another parameter or the next challenge's scheme.
    const next = scanner.rest.slice(1);
    if (!PARAM_AHEAD.test(next)) break;
    scanner.skip(/^,/);
  }
  return params;
}

class Scanner {
  constructor(public rest: string) {}

  sees(pattern: RegExp): boolean {
    return pattern.test(this.rest);
  }

  skip(pattern: RegExp): void {
    this.take(pattern);
  }

  take(pattern: RegExp): string | undefined {
    const match = pattern.exec(this.rest);
    if (match === null) return undefined;
    this.rest = this.rest.slice(match[0].length);
    return match[0];
  }

  /** quoted reads a quoted string, undoing its backslash escapes. */
  quoted(): string | undefined {
    const match = /^"((?:[^"\\]|\\.)*)"/.exec(this.rest);
    if (match === null) return undefined;
    this.rest = this.rest.slice(match[0].length);
    return match[1].replace(/\\(.)/g, '$1');
  }
}
