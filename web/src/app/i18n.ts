// Every feature's translations, one namespace each, registered with i18next. The declaration
// below types t() keys against the English messages, so a missing key fails the typecheck.
import { adminDe, adminEn } from '@/features/admin';
import { authDe, authEn } from '@/features/auth';
import { chatDe, chatEn } from '@/features/chat';
import { clipboardDe, clipboardEn } from '@/features/clipboard';
import { codeDe, codeEn } from '@/features/code';
import { jobsDe, jobsEn } from '@/features/jobs';
import { providersDe, providersEn } from '@/features/providers';
import { sandboxDe, sandboxEn } from '@/features/sandbox';
import { settingsDe, settingsEn } from '@/features/settings';
import { initI18n } from '@/lib/i18n';
import { commonDe } from '@/locales/common.de';
import { commonEn } from '@/locales/common.en';

export const resources = {
  en: {
    common: commonEn,
    auth: authEn,
    providers: providersEn,
    chat: chatEn,
    settings: settingsEn,
    admin: adminEn,
    code: codeEn,
    clipboard: clipboardEn,
    jobs: jobsEn,
    sandbox: sandboxEn,
  },
  de: {
    common: commonDe,
    auth: authDe,
    providers: providersDe,
    chat: chatDe,
    settings: settingsDe,
    admin: adminDe,
    code: codeDe,
    clipboard: clipboardDe,
    jobs: jobsDe,
    sandbox: sandboxDe,
  },
};

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: (typeof resources)['en'];
  }
}

export const setupI18n = (language?: Parameters<typeof initI18n>[1]) => initI18n(resources, language);
