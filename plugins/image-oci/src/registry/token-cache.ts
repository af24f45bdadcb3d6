// Tokens live this much less than the server grants, so that one is never sent just as it
// expires on the way.
const MARGIN_MS = 5_000;
// The distribution spec's default lifetime when a token server names none.
const DEFAULT_LIFETIME_S = 60;

/**
 * TokenCache keeps the bearer tokens of this process, one per registry realm, service, scope
 * set and credentials, so that the many requests of a pull or push ask the token server once.
 * Tokens are never written to disk.
 */
export class TokenCache {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  /** get returns a token that has not expired, if one is kept under `key`. */
  get(key: string): string | undefined {
    const entry = this.tokens.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > Date.now()) return entry.token;

    this.tokens.delete(key);
    return undefined;
  }

  /** set keeps `token` for `lifetimeSeconds` (60 when the server said nothing). */
  set(key: string, token: string, lifetimeSeconds?: number): void {
    const lifetime = (lifetimeSeconds ?? DEFAULT_LIFETIME_S) * 1000;
    this.tokens.set(key, { token, expiresAt: Date.now() + Math.max(lifetime - MARGIN_MS, 0) });
  }

  /** drop forgets a token the registry refused. */
  drop(key: string): void {
    this.tokens.delete(key);
  }
}
