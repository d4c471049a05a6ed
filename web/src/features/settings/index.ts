// The settings feature's public surface: the page (loaded on demand), your instructions for
// every chat (the chat's instructions dialog mentions them), and its translations.
import { lazy } from 'react';

export const SettingsPage = lazy(() => import('./components/settings-page'));
export { CHAT_INSTRUCTIONS_MAX, useChatPreferences, type ChatPreferences } from './api/chat-preferences';
export { settingsEn } from './locales/en';
export { settingsDe } from './locales/de';
