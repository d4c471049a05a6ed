// Personal access tokens: long-lived credentials for API clients and tools (the OpenAI-compatible
// endpoint, scripts). Shown once at creation, stored hashed, revocable, optionally expiring.
import { randomUUID } from 'node:crypto';
import { randomToken, sha256 } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService, RequestOrigin } from '../audit/service.js';
import type { TokenRow, TokensStore } from './store.js';

export const TOKEN_PREFIX = 'xio_';
const MAX_TOKENS_PER_USER = 50;
// Writing last_used_at on every request would make each API call a database write.
const TOUCH_INTERVAL_MS = 60_000;

const toView = (row: TokenRow) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
});

export const isPersonalAccessToken = (token: string) => token.startsWith(TOKEN_PREFIX);

export function createTokensService(deps: { store: TokensStore; audit: AuditService }) {
  const { store, audit } = deps;
  return {
    async create(userId: string, input: { name: string; expiresInDays?: number }, origin: RequestOrigin) {
      if ((await store.listForUser(userId)).length >= MAX_TOKENS_PER_USER) {
        throw new AppError('too_many_tokens', 409, `you have ${MAX_TOKENS_PER_USER} tokens; revoke one first`);
      }
      const token = `${TOKEN_PREFIX}${randomToken(32)}`;
      const now = Date.now();
      const row: TokenRow = {
        id: randomUUID(),
        user_id: userId,
        name: input.name.trim(),
        token_hash: sha256(token),
        prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        created_at: new Date(now).toISOString(),
        expires_at: input.expiresInDays ? new Date(now + input.expiresInDays * 86_400_000).toISOString() : null,
        last_used_at: null,
        revoked_at: null,
      };
      await store.insert(row);
      await audit.record({
        event: 'token_created',
        outcome: 'success',
        actorId: userId,
        targetId: row.id,
        origin,
        details: { name: row.name },
      });
      return { ...toView(row), token };
    },

    list: async (userId: string) => (await store.listForUser(userId)).map(toView),

    async revoke(userId: string, id: string, origin: RequestOrigin) {
      if (!(await store.revoke(userId, id, new Date().toISOString()))) {
        throw new AppError('token_not_found', 404, `no active token ${id}`);
      }
      await audit.record({ event: 'token_revoked', outcome: 'success', actorId: userId, targetId: id, origin });
    },

    /** The user id a token stands for; throws 401 for an unknown, revoked or expired token. */
    async verify(token: string): Promise<string> {
      const row = await store.findByHash(sha256(token));
      const now = new Date();
      if (!row || row.revoked_at || (row.expires_at && row.expires_at <= now.toISOString())) {
        throw new AppError('invalid_token', 401, 'the personal access token is unknown, revoked or expired', {
          headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        });
      }
      if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOUCH_INTERVAL_MS) {
        await store.touch(row.id, now.toISOString());
      }
      return row.user_id;
    },
  };
}

export type TokensService = ReturnType<typeof createTokensService>;
