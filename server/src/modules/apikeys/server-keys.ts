// Server-wide provider keys: an admin sets them at run time and they override the operator's
// environment (OPENAI_API_KEY, …); removing one falls back to the environment again. Stored
// sealed in the settings table, bound to the provider, and shown only as their last four characters.
// A server-wide key is operator configuration: it goes to the base URL the admin or the
// environment chose (internal hosts allowed), or to the provider's default, never to a user's URL.
import type { Config } from '../../config.js';
import type { SealedSecret, SecretBox } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService, RequestOrigin } from '../audit/service.js';
import type { SettingsService } from '../settings/service.js';
import { requireCredentials } from './service.js';
import { PROVIDER_NAMES, type ProviderName } from '../providers/registry.js';

/** How long resolved keys are reused before the settings are read again. */
export const SERVER_KEYS_TTL_MS = 5_000;

/** What the providers module needs: the same shape as config.providers[provider]. */
export interface ServerCredentials {
  apiKey?: string;
  baseUrl?: string;
}

export type ServerKeySource = 'admin' | 'environment';

interface StoredServerKey extends SealedSecret {
  last4: string;
  baseUrl: string | null;
  updatedAt: string;
  updatedBy: string;
}

const settingsKey = (provider: ProviderName) => `server-api-key:${provider}`;
const associatedData = settingsKey;

/** http(s), well formed, no credentials in it (the URL is shown to admins). */
function operatorBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('invalid_base_url', 400, `baseUrl is not a valid URL: ${raw.slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('invalid_base_url', 400, 'baseUrl must start with http:// or https://');
  }
  if (url.username || url.password) {
    throw new AppError('invalid_base_url', 400, 'baseUrl must not contain a user name or password; use apiKey');
  }
  if (url.search || url.hash) {
    throw new AppError('invalid_base_url', 400, 'baseUrl must not have a query string or fragment');
  }
  return url.toString().replace(/\/$/, '');
}

export function createServerKeysService(deps: {
  settings: Pick<SettingsService, 'readJson' | 'writeJson'>;
  secretBox: SecretBox;
  audit: Pick<AuditService, 'record'>;
  /** The environment's keys and base URLs (config.providers). */
  environment: Config['providers'];
  ttlMs?: number;
}) {
  const { settings, secretBox, audit, environment } = deps;
  const ttlMs = deps.ttlMs ?? SERVER_KEYS_TTL_MS;
  // Resolved per provider so a chat request adds no SQL. A change on this instance clears its
  // entry at once; other instances pick it up when their entry expires (within ttlMs).
  const cache = new Map<ProviderName, { at: number; value: Promise<ServerCredentials> }>();

  const stored = (provider: ProviderName) => settings.readJson<StoredServerKey>(settingsKey(provider));

  function open(provider: ProviderName, entry: StoredServerKey): string {
    try {
      return secretBox.open({ ciphertext: entry.ciphertext, keyId: entry.keyId }, associatedData(provider));
    } catch (error) {
      throw new AppError(
        'server_api_key_unreadable',
        409,
        `the server-wide ${provider} key was stored under another SECRET_KEY; an admin must set it again`,
        { cause: error },
      );
    }
  }

  async function load(provider: ProviderName): Promise<ServerCredentials> {
    const entry = await stored(provider);
    if (!entry) return environment[provider];
    // The admin's entry replaces the environment's pair: its key never goes to the environment's URL.
    return { apiKey: open(provider, entry) || undefined, baseUrl: entry.baseUrl ?? undefined };
  }

  function view(provider: ProviderName, entry: StoredServerKey | undefined) {
    if (entry) {
      return {
        provider,
        configured: true,
        source: 'admin' as ServerKeySource,
        last4: entry.last4 || null,
        baseUrl: entry.baseUrl,
        updatedAt: entry.updatedAt,
      };
    }
    const env = environment[provider];
    const configured = Boolean(provider === 'openai-compatible' ? env.baseUrl : env.apiKey);
    return {
      provider,
      configured,
      source: configured ? ('environment' as ServerKeySource) : null,
      last4: env.apiKey ? env.apiKey.slice(-4) : null,
      baseUrl: configured ? (env.baseUrl ?? null) : null,
      updatedAt: null,
    };
  }

  return {
    /** The credentials to use for a provider now; cached for ttlMs. */
    resolve(provider: ProviderName): Promise<ServerCredentials> {
      const hit = cache.get(provider);
      if (hit && Date.now() - hit.at < ttlMs) return hit.value;
      const value = load(provider);
      cache.set(provider, { at: Date.now(), value });
      // A failed read is not cached: the next request tries again.
      value.catch(() => {
        if (cache.get(provider)?.value === value) cache.delete(provider);
      });
      return value;
    },

    /** One provider's view (as in list). */
    status: async (provider: ProviderName) => view(provider, await stored(provider)),

    /** Every provider, where its server-wide key comes from and its last 4 characters; never the key. */
    async list() {
      return Promise.all(PROVIDER_NAMES.map(async (provider) => view(provider, await stored(provider))));
    },

    async set(
      actorId: string,
      provider: ProviderName,
      input: { apiKey?: string; baseUrl?: string },
      origin: RequestOrigin,
    ) {
      requireCredentials(provider, input);
      const baseUrl = input.baseUrl ? operatorBaseUrl(input.baseUrl) : null;
      const apiKey = input.apiKey ?? '';
      const entry: StoredServerKey = {
        ...secretBox.seal(apiKey, associatedData(provider)),
        last4: apiKey.slice(-4),
        baseUrl,
        updatedAt: new Date().toISOString(),
        updatedBy: actorId,
      };
      await settings.writeJson(settingsKey(provider), entry);
      cache.delete(provider);
      await audit.record({
        event: 'server_api_key_set',
        outcome: 'success',
        actorId,
        origin,
        details: { provider, baseUrl },
      });
      return view(provider, entry);
    },

    /**
     * After a SECRET_KEY rotation: re-seals the admin's keys sealed with an earlier key (which the
     * secret box still opens through SECRET_KEY_PREVIOUS) with the current one.
     */
    async reseal(): Promise<{ resealed: number; failed: number }> {
      let resealed = 0;
      let failed = 0;
      for (const provider of PROVIDER_NAMES) {
        const entry = await stored(provider);
        if (!entry || entry.keyId === secretBox.keyId) continue;
        let apiKey: string;
        try {
          apiKey = secretBox.open(entry, associatedData(provider));
        } catch {
          // Sealed with a key that is not in SECRET_KEY_PREVIOUS: counted, left for the operator.
          failed++;
          continue;
        }
        // An admin's change since the read wins over the re-sealed old value.
        if ((await stored(provider))?.ciphertext !== entry.ciphertext) continue;
        await settings.writeJson(settingsKey(provider), {
          ...entry,
          ...secretBox.seal(apiKey, associatedData(provider)),
        });
        cache.delete(provider);
        resealed++;
      }
      return { resealed, failed };
    },

    /** Removes the admin's key; the environment's applies again. */
    async remove(actorId: string, provider: ProviderName, origin: RequestOrigin) {
      if (!(await stored(provider))) {
        throw new AppError('server_api_key_not_found', 404, `no server-wide ${provider} key was set by an admin`);
      }
      await settings.writeJson(settingsKey(provider), null);
      cache.delete(provider);
      await audit.record({
        event: 'server_api_key_deleted',
        outcome: 'success',
        actorId,
        origin,
        details: { provider },
      });
    },
  };
}

export type ServerKeysService = ReturnType<typeof createServerKeysService>;
