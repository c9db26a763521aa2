import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { Role } from '../../domain/model.js';
import { jwksVerifier, TOKEN_USE, type TokenVerifier } from '../../http/auth.js';

export const LOCAL_ISSUER = 'dialogue-followup-local';
const ALG = 'ES256';

export interface LocalKeys {
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function generateLocalKeys(): Promise<LocalKeys> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `local-${Date.now().toString(36)}`;
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' },
  };
}

/** The key pair `npm start` keeps under the data directory (created on first start). */
/**
 * The key pair `npm start` keeps under the data directory (created on first start). Written to a
 * temporary file then renamed, so a start killed meanwhile never leaves a half-written key file; an
 * unreadable one (from an older version) is replaced.
 */
export async function loadOrCreateLocalKeys(file: string): Promise<LocalKeys> {
  if (existsSync(file)) {
    try {
      const keys = JSON.parse(readFileSync(file, 'utf8')) as LocalKeys;
      if (keys.privateJwk && keys.publicJwk) return keys;
    } catch {
      // replaced below
    }
  }
  const keys = await generateLocalKeys();
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(keys, null, 2), { mode: 0o600 });
  renameSync(temporary, file);
  return keys;
}

export function localVerifier(keys: LocalKeys): TokenVerifier {
  return jwksVerifier(createLocalJWKSet({ keys: [keys.publicJwk] }), { issuer: LOCAL_ISSUER });
}

/** A role as the CLI and demo sign-in name it: `system`, `admin`, `office`, `front`, `standing`, `department:<id>`. */
export function parseRoleSpec(spec: string): { role: Role; departmentId: string | null } {
  const [role, departmentId] = spec.split(':', 2);
  if (role === 'department') {
    if (!departmentId) throw new Error('Vai trò phòng ban cần mã: department:<departmentId>');
    return { role, departmentId };
  }
  if (role === 'system' || role === 'admin' || role === 'office' || role === 'front' || role === 'standing')
    return { role, departmentId: null };
  throw new Error(
    `Vai trò không hợp lệ: "${spec}" (system, admin, office, front, standing, department:<id>)`,
  );
}

export async function signLocalToken(
  keys: LocalKeys,
  claims: {
    sub: string;
    name?: string;
    role: Role;
    /** null: a system administrator's token, which carries no unit. */
    unitId: string | null;
    departmentId?: string | null;
    email?: string;
    ttlSeconds?: number;
  },
): Promise<string> {
  const key = await importJWK(keys.privateJwk, ALG);
  // The claims of a Cognito ID token, as the verifier checks them (token_use, exp).
  return new SignJWT({
    token_use: TOKEN_USE,
    'cognito:groups': [claims.role],
    ...(claims.unitId ? { 'custom:unitId': claims.unitId } : {}),
    ...(claims.email ? { email: claims.email } : {}),
    ...(claims.departmentId ? { 'custom:departmentId': claims.departmentId } : {}),
    ...(claims.name ? { name: claims.name } : {}),
  })
    .setProtectedHeader({ alg: ALG, kid: keys.privateJwk.kid ?? 'local' })
    .setSubject(claims.sub)
    .setIssuer(LOCAL_ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttlSeconds ?? 12 * 3600}s`)
    .sign(key);
}
