// i18next setup: every feature brings its own namespace (see app/i18n.ts); English is the
// fallback for anything missing. The chosen language is remembered in localStorage.
import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { readStorage, writeStorage } from './storage';

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The same keys as the English messages `T`, with any string as value (a translation). */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

const STORAGE_KEY = 'xionimus.language';

const isLanguage = (value: unknown): value is Language => LANGUAGES.includes(value as Language);

export function detectLanguage(): Language {
  const stored = readStorage(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export function initI18n(resources: Resource, language: Language = detectLanguage()) {
  void i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    defaultNS: 'common',
    ns: Object.keys(resources.en ?? {}),
    interpolation: { escapeValue: false },
    // Resources are bundled: translate synchronously from the first render.
    initAsync: false,
  });
  const applyLang = (lng: string) => {
    if (typeof document !== 'undefined') document.documentElement.lang = lng;
  };
  applyLang(i18next.language);
  i18next.on('languageChanged', applyLang);
  return i18next;
}

export async function setLanguage(language: Language) {
  writeStorage(STORAGE_KEY, language);
  await i18next.changeLanguage(language);
}
