// The settings feature's public surface: the page (loaded on demand) and its translations.
import { lazy } from 'react';

export const SettingsPage = lazy(() => import('./components/settings-page'));
export { settingsEn } from './locales/en';
export { settingsDe } from './locales/de';
