// The admin feature's public surface: the page (loaded on demand, admins only) and its translations.
import { lazy } from 'react';

export const AdminPage = lazy(() => import('./components/admin-page'));
export { adminEn } from './locales/en';
export { adminDe } from './locales/de';
