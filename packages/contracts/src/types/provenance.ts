/**
 * DirectiveSource names the bucket a config.json directive came from: the image's
 * configuration, the engine's defaults (including providers), or the user's flags.
 */
export type DirectiveSource = 'image' | 'engine' | 'user';

/**
 * SpecDirective records where one value in config.json came from. `path` is a dotted path
 * into the spec (`process.args`, `linux.seccomp`); `origin` names the exact input
 * (`Cmd`, `--env FOO`, `provider seccomp-oci: /usr/share/containers/seccomp.json`).
 */
export interface SpecDirective {
  path: string;
  source: DirectiveSource;
  origin: string;
}
