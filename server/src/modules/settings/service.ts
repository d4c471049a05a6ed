// Server-wide settings an admin changes at run time (they override the config's defaults),
// and the one-time setup token that lets the first account on a public instance become admin.
import type { RegistrationMode } from '../../config.js';
import { randomToken, safeEqual, type SealedSecret, type SecretBox } from '../../platform/crypto.js';
import type { SettingsStore } from './store.js';

const REGISTRATION = 'registration';
const SETUP_TOKEN = 'setup_token';

export function createSettingsService(deps: {
  store: SettingsStore;
  secretBox: SecretBox;
  defaultRegistration: RegistrationMode;
  /** Whether the first admin exists; the setup token is void from then on. */
  adminClaimed: () => Promise<boolean>;
}) {
  const { store, secretBox } = deps;

  /** The stored token in clear; undefined when absent or sealed under an earlier SECRET_KEY. */
  async function storedSetupToken(): Promise<string | undefined> {
    const sealed = await store.get(SETUP_TOKEN);
    if (sealed === undefined) return undefined;
    try {
      return secretBox.open(JSON.parse(sealed) as SealedSecret, SETUP_TOKEN);
    } catch {
      return undefined;
    }
  }

  return {
    async registrationMode(): Promise<RegistrationMode> {
      return ((await store.get(REGISTRATION)) as RegistrationMode | undefined) ?? deps.defaultRegistration;
    },
    setRegistrationMode: (mode: RegistrationMode) => store.put(REGISTRATION, mode),

    /**
     * The setup token, created once and kept sealed so every instance prints the same one
     * until the first admin exists. Undefined once an admin exists.
     */
    async setupToken(): Promise<string | undefined> {
      if (await deps.adminClaimed()) return undefined;
      const fresh = JSON.stringify(secretBox.seal(randomToken(24), SETUP_TOKEN));
      // claim() keeps a token another instance stored first; one that no longer opens is replaced.
      if (!(await store.claim(SETUP_TOKEN, fresh)) && (await storedSetupToken()) === undefined) {
        await store.put(SETUP_TOKEN, fresh);
      }
      return storedSetupToken();
    },
    async isSetupToken(candidate: string | undefined): Promise<boolean> {
      if (!candidate || (await deps.adminClaimed())) return false;
      const stored = await storedSetupToken();
      return stored !== undefined && safeEqual(stored, candidate);
    },
    consumeSetupToken: () => store.delete(SETUP_TOKEN),

    /** A JSON document other modules keep here (admin overrides of the model registry, routing). */
    async readJson<T>(key: string): Promise<T | undefined> {
      const value = await store.get(`json:${key}`);
      return value === undefined ? undefined : (JSON.parse(value) as T);
    },
    /** Stores a document; null removes it (the built-in default applies again). */
    writeJson: (key: string, value: unknown) =>
      value === null ? store.delete(`json:${key}`) : store.put(`json:${key}`, JSON.stringify(value)),
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
