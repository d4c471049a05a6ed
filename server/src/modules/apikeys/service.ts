// Each user's own provider API keys, sealed with AES-256-GCM (bound to user and provider) and
// only ever shown as their last four characters. `reveal` is for the providers module, just in time.
import { randomUUID } from 'node:crypto';
import type { SecretBox } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService, RequestOrigin } from '../audit/service.js';
import type { ApiKeyRow, ApiKeysStore } from './store.js';

export const PROVIDERS = ['openai', 'anthropic', 'perplexity', 'openai-compatible'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

const associatedData = (userId: string, provider: string) => `api-key:${userId}:${provider}`;

const toView = (row: ApiKeyRow) => ({
  provider: row.provider as ProviderName,
  configured: true,
  last4: row.last4,
  updatedAt: row.updated_at,
});

export function createApiKeysService(deps: { store: ApiKeysStore; secretBox: SecretBox; audit: AuditService }) {
  const { store, secretBox, audit } = deps;
  return {
    async list(userId: string) {
      const rows = await store.listForUser(userId);
      return PROVIDERS.map((provider) => {
        const row = rows.find((candidate) => candidate.provider === provider);
        return row ? toView(row) : { provider, configured: false, last4: null, updatedAt: null };
      });
    },

    async get(userId: string, provider: ProviderName) {
      const row = await store.find(userId, provider);
      if (!row) throw new AppError('api_key_not_found', 404, `no ${provider} API key is stored for your account`);
      return toView(row);
    },

    async set(userId: string, provider: ProviderName, apiKey: string, origin: RequestOrigin) {
      const now = new Date().toISOString();
      const sealed = secretBox.seal(apiKey, associatedData(userId, provider));
      await store.upsert({
        id: randomUUID(),
        user_id: userId,
        provider,
        ciphertext: sealed.ciphertext,
        key_id: sealed.keyId,
        last4: apiKey.slice(-4),
        created_at: now,
        updated_at: now,
      });
      await audit.record({ event: 'api_key_set', outcome: 'success', actorId: userId, origin, details: { provider } });
      return toView((await store.find(userId, provider))!);
    },

    async remove(userId: string, provider: ProviderName, origin: RequestOrigin) {
      if (!(await store.delete(userId, provider))) {
        throw new AppError('api_key_not_found', 404, `no ${provider} API key is stored for your account`);
      }
      await audit.record({
        event: 'api_key_deleted',
        outcome: 'success',
        actorId: userId,
        origin,
        details: { provider },
      });
    },

    /** The key in clear, for an outgoing provider call only; never log or return it. */
    async reveal(userId: string, provider: ProviderName): Promise<string | undefined> {
      const row = await store.find(userId, provider);
      return row
        ? secretBox.open({ ciphertext: row.ciphertext, keyId: row.key_id }, associatedData(userId, provider))
        : undefined;
    },
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
