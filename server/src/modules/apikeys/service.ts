// Each user's own provider API keys, sealed with AES-256-GCM (bound to user and provider) and
// only ever shown as their last four characters. `reveal` is for the providers module, just in time.
import { randomUUID } from 'node:crypto';
import type { SecretBox } from '../../platform/crypto.js';
import type { OutboundGuard } from '../../platform/outbound/guard.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService, RequestOrigin } from '../audit/service.js';
import type { ApiKeyRow, ApiKeysStore } from './store.js';

import { PROVIDER_NAMES, type ProviderName } from '../providers/registry.js';

export const PROVIDERS = PROVIDER_NAMES;
export type { ProviderName };

const associatedData = (userId: string, provider: string) => `api-key:${userId}:${provider}`;

const toView = (row: ApiKeyRow) => ({
  provider: row.provider as ProviderName,
  configured: true,
  last4: row.last4 || null,
  baseUrl: row.base_url,
  updatedAt: row.updated_at,
});

/** What a provider needs stored: a base URL for an OpenAI-compatible server, a key for the others. */
export function requireCredentials(provider: ProviderName, input: { apiKey?: string; baseUrl?: string }) {
  if (provider === 'openai-compatible' && !input.baseUrl) {
    throw new AppError(
      'base_url_required',
      400,
      'an OpenAI-compatible server needs its base URL, e.g. http://localhost:11434/v1',
    );
  }
  if (provider !== 'openai-compatible' && !input.apiKey) {
    throw new AppError('api_key_required', 400, `a ${provider} API key is required`);
  }
}

export interface ProviderCredentials {
  apiKey: string;
  /** A base URL the user chose: fetch it only through the outbound guard. */
  baseUrl: string | null;
}

export function createApiKeysService(deps: {
  store: ApiKeysStore;
  secretBox: SecretBox;
  audit: AuditService;
  outbound: Pick<OutboundGuard, 'check'>;
}) {
  const { store, secretBox, audit } = deps;
  return {
    async list(userId: string) {
      const rows = await store.listForUser(userId);
      return PROVIDERS.map((provider) => {
        const row = rows.find((candidate) => candidate.provider === provider);
        return row ? toView(row) : { provider, configured: false, last4: null, baseUrl: null, updatedAt: null };
      });
    },

    async get(userId: string, provider: ProviderName) {
      const row = await store.find(userId, provider);
      if (!row) throw new AppError('api_key_not_found', 404, `no ${provider} API key is stored for your account`);
      return toView(row);
    },

    /**
     * Stores the user's key and, optionally, the base URL of their own server (required for
     * `openai-compatible`, where a local server may need no key). The URL is checked by the
     * outbound guard now, and again on every request.
     */
    async set(
      userId: string,
      provider: ProviderName,
      input: { apiKey?: string; baseUrl?: string },
      origin: RequestOrigin,
    ) {
      requireCredentials(provider, input);
      const baseUrl = input.baseUrl ? (await deps.outbound.check(input.baseUrl)).toString().replace(/\/$/, '') : null;
      const apiKey = input.apiKey ?? '';
      const now = new Date().toISOString();
      const sealed = secretBox.seal(apiKey, associatedData(userId, provider));
      await store.upsert({
        id: randomUUID(),
        user_id: userId,
        provider,
        ciphertext: sealed.ciphertext,
        key_id: sealed.keyId,
        last4: apiKey.slice(-4),
        base_url: baseUrl,
        created_at: now,
        updated_at: now,
      });
      await audit.record({
        event: 'api_key_set',
        outcome: 'success',
        actorId: userId,
        origin,
        details: { provider, baseUrl },
      });
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
    async reveal(userId: string, provider: ProviderName): Promise<ProviderCredentials | undefined> {
      const row = await store.find(userId, provider);
      if (!row) return undefined;
      const apiKey = secretBox.open(
        { ciphertext: row.ciphertext, keyId: row.key_id },
        associatedData(userId, provider),
      );
      return { apiKey, baseUrl: row.base_url };
    },

    /**
     * After a SECRET_KEY rotation: re-seals every key sealed with an earlier key (which the
     * secret box still opens through SECRET_KEY_PREVIOUS) with the current one.
     */
    async reseal(): Promise<{ resealed: number; failed: number }> {
      let resealed = 0;
      let failed = 0;
      for (const row of await store.sealedWithOtherKey(secretBox.keyId)) {
        const data = associatedData(row.user_id, row.provider);
        try {
          const plaintext = secretBox.open({ ciphertext: row.ciphertext, keyId: row.key_id }, data);
          if (await store.replaceCiphertext(row.id, row.ciphertext, secretBox.seal(plaintext, data))) resealed++;
        } catch {
          // Sealed with a key that is not in SECRET_KEY_PREVIOUS: counted, left for the operator.
          failed++;
        }
      }
      return { resealed, failed };
    },

    /** Providers this user stored something for (without decrypting anything). */
    async configuredProviders(userId: string): Promise<ProviderName[]> {
      return (await store.listForUser(userId)).map((row) => row.provider as ProviderName);
    },
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
