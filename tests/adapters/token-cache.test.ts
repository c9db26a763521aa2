/**
 * The verified-token cache: a token's signature is checked once per process, the token is trusted no
 * longer than its `exp` (nor than the cache's maximum age), and a rejected or altered token is never
 * taken from the cache.
 */
import { describe, expect, it } from 'vitest';
import { generateLocalKeys, localVerifier, signLocalToken } from '../../shared/adapters/auth/local-keys.js';
import { cachingVerifier } from '../../shared/adapters/auth/token-cache.js';
import type { Principal, TokenVerifier } from '../../shared/http/auth.js';

const principal: Principal = {
  sub: 'user-office',
  name: 'Văn phòng',
  roles: ['office'],
  unitId: 'u1',
  departmentId: null,
};

/** An unsigned token with these claims, for a stand-in verifier. */
const tokenWith = (claims: object, signature = 'sig') =>
  `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;

/** A verifier that counts its calls and accepts every token but 'bad' signatures. */
function counting(): TokenVerifier & { calls: number } {
  const v = {
    calls: 0,
    async verify(token: string) {
      v.calls++;
      if (token.endsWith('.bad')) throw new Error('invalid signature');
      return { ...principal, roles: [...principal.roles] };
    },
  };
  return v;
}

describe('cachingVerifier', () => {
  it('verifies a real ES256 token once, and still rejects an altered one', async () => {
    const keys = await generateLocalKeys();
    const real = localVerifier(keys);
    let verified = 0;
    const verifier = cachingVerifier({
      verify: (token) => {
        verified++;
        return real.verify(token);
      },
    });
    const token = await signLocalToken(keys, { sub: 'u', role: 'office', unitId: 'u1' });
    for (let i = 0; i < 3; i++)
      expect(await verifier.verify(token)).toMatchObject({ sub: 'u', unitId: 'u1' });
    expect(verified).toBe(1);
    await expect(verifier.verify(`${token}x`)).rejects.toThrow();
    // Another signature (a character inside it changed; the last one may carry only padding bits).
    const at = token.length - 10;
    const flipped = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    await expect(verifier.verify(flipped)).rejects.toThrow();
    expect(verified).toBe(3);
  });

  it('trusts a token until its exp and no longer', async () => {
    let now = 1_700_000_000_000;
    const inner = counting();
    const verifier = cachingVerifier(inner, { now: () => now });
    const token = tokenWith({ exp: now / 1000 + 30 });
    await verifier.verify(token);
    now += 29_999;
    await verifier.verify(token);
    expect(inner.calls).toBe(1);
    now += 1;
    await verifier.verify(token);
    expect(inner.calls).toBe(2);
  });

  it('trusts a token for at most maxAgeMs, even if it expires later', async () => {
    let now = 1_700_000_000_000;
    const inner = counting();
    const verifier = cachingVerifier(inner, { now: () => now, maxAgeMs: 10_000 });
    const token = tokenWith({ exp: now / 1000 + 3600 });
    await verifier.verify(token);
    now += 9_999;
    await verifier.verify(token);
    expect(inner.calls).toBe(1);
    now += 1;
    await verifier.verify(token);
    expect(inner.calls).toBe(2);
  });

  it('never remembers a rejected token, nor one without exp', async () => {
    const inner = counting();
    const verifier = cachingVerifier(inner);
    const bad = tokenWith({ exp: Date.now() / 1000 + 3600 }, 'bad');
    await expect(verifier.verify(bad)).rejects.toThrow('invalid signature');
    await expect(verifier.verify(bad)).rejects.toThrow('invalid signature');
    expect(inner.calls).toBe(2);
    const noExp = tokenWith({ sub: 'x' });
    await verifier.verify(noExp);
    await verifier.verify(noExp);
    expect(inner.calls).toBe(4);
  });

  it('gives each caller its own copy of the principal', async () => {
    const verifier = cachingVerifier(counting());
    const token = tokenWith({ exp: Date.now() / 1000 + 3600 });
    const first = await verifier.verify(token);
    first.roles.push('admin');
    expect((await verifier.verify(token)).roles).toEqual(['office']);
  });

  it('keeps at most maxEntries tokens', async () => {
    const inner = counting();
    const verifier = cachingVerifier(inner, { maxEntries: 2 });
    const exp = Date.now() / 1000 + 3600;
    const [a, b, c] = ['a', 'b', 'c'].map((sub) => tokenWith({ sub, exp })) as [string, string, string];
    for (const t of [a, b, c]) await verifier.verify(t);
    await verifier.verify(c);
    expect(inner.calls).toBe(3);
    await verifier.verify(a);
    expect(inner.calls).toBe(4);
  });
});
