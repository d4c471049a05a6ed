import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../config.js';
import { createSecretBox } from '../../platform/crypto.js';
import { createServerKeysService, SERVER_KEYS_TTL_MS } from './server-keys.js';

const environment: Config['providers'] = {
  openai: { apiKey: 'sk-example-env-openai', baseUrl: 'http://proxy.internal:8080/v1' },
  anthropic: {},
  perplexity: {},
  'openai-compatible': {},
};

/** The settings documents two instances of one deployment share, with a count of reads. */
function sharedSettings() {
  const documents = new Map<string, unknown>();
  const shared = {
    reads: 0,
    readJson: async <T>(key: string) => {
      shared.reads++;
      return documents.get(key) as T | undefined;
    },
    writeJson: async (key: string, value: unknown) => {
      if (value === null) documents.delete(key);
      else documents.set(key, structuredClone(value));
    },
  };
  return shared;
}

const instance = (settings: ReturnType<typeof sharedSettings>) =>
  createServerKeysService({
    settings,
    secretBox: createSecretBox('unit-test-secret-key-0123456789abcdef'),
    audit: { record: async () => undefined },
    environment,
  });

describe('server-wide key resolution', () => {
  afterEach(() => vi.useRealTimers());

  it('reuses resolved keys instead of reading the settings on every request', async () => {
    const settings = sharedSettings();
    const keys = instance(settings);
    expect(await keys.resolve('openai')).toEqual(environment.openai);
    await keys.resolve('openai');
    await keys.resolve('openai');
    expect(settings.reads).toBe(1);
  });

  it('applies a change at once on the instance that made it, and on others within the TTL', async () => {
    vi.useFakeTimers();
    const settings = sharedSettings();
    const here = instance(settings);
    const there = instance(settings);
    expect(await there.resolve('openai')).toEqual(environment.openai);

    await here.set('admin-1', 'openai', { apiKey: 'sk-example-admin-1111' }, {});
    // The admin's entry replaces the environment's pair: no key goes to the environment's proxy.
    expect(await here.resolve('openai')).toEqual({ apiKey: 'sk-example-admin-1111', baseUrl: undefined });
    expect(await there.resolve('openai')).toEqual(environment.openai);
    vi.advanceTimersByTime(SERVER_KEYS_TTL_MS);
    expect(await there.resolve('openai')).toEqual({ apiKey: 'sk-example-admin-1111', baseUrl: undefined });

    await here.remove('admin-1', 'openai', {});
    expect(await here.resolve('openai')).toEqual(environment.openai);
  });

  it('refuses a key sealed under another SECRET_KEY with a clear error, and tries again next time', async () => {
    const settings = sharedSettings();
    await instance(settings).set('admin-1', 'anthropic', { apiKey: 'sk-ant-example-2222' }, {});
    const rotated = createServerKeysService({
      settings,
      secretBox: createSecretBox('another-secret-key-after-rotation-0123'),
      audit: { record: async () => undefined },
      environment,
    });
    await expect(rotated.resolve('anthropic')).rejects.toMatchObject({ code: 'server_api_key_unreadable' });
    const readsBefore = settings.reads;
    await expect(rotated.resolve('anthropic')).rejects.toMatchObject({ code: 'server_api_key_unreadable' });
    expect(settings.reads).toBe(readsBefore + 1);
  });

  it('re-seals the admin’s keys with the current SECRET_KEY after a rotation', async () => {
    const settings = sharedSettings();
    const OLD = 'unit-test-secret-key-0123456789abcdef';
    await instance(settings).set('admin-1', 'anthropic', { apiKey: 'sk-ant-example-3333' }, {});
    const after = (previous: string[]) =>
      createServerKeysService({
        settings,
        secretBox: createSecretBox('the-new-secret-key-after-rotation-0123', previous),
        audit: { record: async () => undefined },
        environment,
      });
    expect(await after([]).reseal()).toEqual({ resealed: 0, failed: 1 });
    expect(await after([OLD]).reseal()).toEqual({ resealed: 1, failed: 0 });
    // Only the new key opens it now, and nothing is left to re-seal.
    expect(await after([]).resolve('anthropic')).toEqual({ apiKey: 'sk-ant-example-3333', baseUrl: undefined });
    expect(await after([OLD]).reseal()).toEqual({ resealed: 0, failed: 0 });
  });
});
