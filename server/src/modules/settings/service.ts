// Server-wide settings an admin changes at run time (they override the config's defaults),
// and the one-time setup token that lets the first account on a public instance become admin.
import type { RegistrationMode } from '../../config.js';
import { randomToken, safeEqual, type SecretBox } from '../../platform/crypto.js';
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
      await store.claim(SETUP_TOKEN, JSON.stringify(secretBox.seal(randomToken(24), SETUP_TOKEN)));
      const sealed = await store.get(SETUP_TOKEN);
      return sealed ? secretBox.open(JSON.parse(sealed) as never, SETUP_TOKEN) : undefined;
    },
    async isSetupToken(candidate: string | undefined): Promise<boolean> {
      if (!candidate || (await deps.adminClaimed())) return false;
      const sealed = await store.get(SETUP_TOKEN);
      return sealed !== undefined && safeEqual(secretBox.open(JSON.parse(sealed) as never, SETUP_TOKEN), candidate);
    },
    consumeSetupToken: () => store.delete(SETUP_TOKEN),
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
