import type { Principal, TokenVerifier } from '../../http/auth.js';

/** A verified token is trusted again without verification for at most this long (and never past its `exp`). */
export const TOKEN_CACHE_MAX_AGE_MS = 5 * 60_000;
export const TOKEN_CACHE_MAX_ENTRIES = 1000;

/** The `exp` claim of a compact JWS, in ms; undefined if it has none (such a token is not cached). */
function expiryMs(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' && Number.isFinite(payload.exp) ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Remembers the principal of each token that `verifier` accepted, keyed by the whole token string, so
 * that the signature (ES256) is checked once per token and process rather than on every request. An entry
 * lasts until the token's `exp` (the instant the verifier would start rejecting it) and at most
 * `maxAgeMs`; a rejected token is never remembered, and another string (a forged signature) is another
 * key. Verification stays as strict as before: the same token is only ever accepted until it expires.
 */
export function cachingVerifier(
  verifier: TokenVerifier,
  options: { maxAgeMs?: number; maxEntries?: number; now?: () => number } = {},
): TokenVerifier {
  const maxAgeMs = options.maxAgeMs ?? TOKEN_CACHE_MAX_AGE_MS;
  const maxEntries = options.maxEntries ?? TOKEN_CACHE_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { principal: Principal; until: number }>();
  const copy = (p: Principal): Principal => ({ ...p, roles: [...p.roles] });
  return {
    async verify(token) {
      const hit = entries.get(token);
      if (hit) {
        if (hit.until > now()) return copy(hit.principal);
        entries.delete(token);
      }
      const principal = await verifier.verify(token);
      const exp = expiryMs(token);
      if (exp !== undefined && maxAgeMs > 0) {
        const until = Math.min(exp, now() + maxAgeMs);
        if (until > now()) {
          entries.set(token, { principal: copy(principal), until });
          if (entries.size > maxEntries) {
            const oldest = entries.keys().next().value;
            if (oldest !== undefined) entries.delete(oldest);
          }
        }
      }
      return principal;
    },
  };
}
