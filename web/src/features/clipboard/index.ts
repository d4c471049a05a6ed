// The Clipboard's public surface: the page (loaded on demand), the "Save to clipboard" button
// the chat puts on code blocks, and the translations.
import { lazy } from 'react';

export const ClipboardPage = lazy(() => import('./components/clipboard-page'));
export { SaveToClipboardButton } from './components/save-button';
export { clipboardEn } from './locales/en';
export { clipboardDe } from './locales/de';
