/** Platform selects one image of a multi-platform manifest list (`--platform linux/arm64/v8`). */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/**
 * RegistryEndpoint is one place to fetch a repository from: the registry itself or a mirror,
 * as registries.conf describes them. `location` is `host[:port][/path-prefix]`.
 */
export interface RegistryEndpoint {
  location: string;
  /** Plain HTTP, or HTTPS without certificate checks, is allowed. */
  insecure: boolean;
}

/** Credentials authenticate to a registry: a user and password, or an identity token. */
export type Credentials = { username: string; password: string } | { identityToken: string };

/**
 * CredentialLookup finds credentials for a registry host (and, where auth.json has them, a
 * repository path); core reads auth.json, providers only ask.
 */
export type CredentialLookup = (registry: string, repository: string) => Credentials | undefined;

/** TransferEvent reports progress of a pull or push; the CLI decides how to show it. */
export type TransferEvent =
  | { kind: 'resolving'; reference: string }
  | { kind: 'blob'; digest: string; phase: 'start' | 'skipped' | 'done'; size?: number }
  | { kind: 'progress'; digest: string; done: number; total?: number }
  | { kind: 'config'; digest: string }
  | { kind: 'manifest' };

/** TransferOptions are common to pulls and pushes. */
export interface TransferOptions {
  credentials: CredentialLookup;
  /** `--tls-verify=false`: allow plain HTTP and unverified HTTPS for this transfer. */
  tlsVerifyDisabled?: boolean;
  /** `--creds user:pass` given on the command line; wins over the lookup. */
  explicitCredentials?: Credentials;
  onProgress?: (event: TransferEvent) => void;
  /** Abort the transfer (SIGINT); storage is left as it was before it started. */
  signal?: AbortSignal;
}
