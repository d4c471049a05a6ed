// Access tokens: short-lived HS256 JWTs signed with a key derived from SECRET_KEY. The
// algorithm is pinned on verification, so `alg: none` or an RS/HS confusion cannot pass.
import { SignJWT, errors, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { deriveKey, randomToken } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import type { Role } from '../../platform/db/schema.js';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'xionimus';
const AUDIENCE = 'xionimus-api';

export interface AccessClaims {
  userId: string;
  role: Role;
}

/** Tokens already verified, until they expire: WebCrypto's HMAC check costs ~0.2 ms per request. */
const VERIFIED_CACHE_SIZE = 10_000;

export function createAccessTokens(secretKey: string) {
  const key = deriveKey(secretKey, 'jwt-access/v1');
  const verified = new LRUCache<string, AccessClaims & { expiresAt: number }>({ max: VERIFIED_CACHE_SIZE });
  return {
    sign(claims: AccessClaims): Promise<string> {
      return new SignJWT({ role: claims.role })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setJti(randomToken(12))
        .setIssuedAt()
        .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
        .sign(key);
    },
    async verify(token: string): Promise<AccessClaims> {
      const hit = verified.get(token);
      // An expired one is verified again, so that jose says why it is refused.
      if (hit && Date.now() < hit.expiresAt) return { userId: hit.userId, role: hit.role };
      verified.delete(token);
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
        if (typeof payload.sub !== 'string') throw new AppError('invalid_token', 401, 'access token has no subject');
        const claims: AccessClaims = { userId: payload.sub, role: payload.role === 'admin' ? 'admin' : 'user' };
        verified.set(token, { ...claims, expiresAt: (payload.exp ?? 0) * 1000 });
        return claims;
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw new AppError('token_expired', 401, 'access token has expired; refresh it', {
            headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="expired"' },
          });
        }
        throw new AppError('invalid_token', 401, 'access token is invalid', {
          headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        });
      }
    },
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
