// The auth feature's public surface: other features and the app import only from here.
export { PASSWORD_MAX, PASSWORD_MIN, useChangePassword } from './api/change-password';
export { useMe } from './api/get-me';
export { useLogout } from './api/logout';
export { LoginPage } from './components/login-page';
export { RegisterPage } from './components/register-page';
export { RedirectIfSignedIn, RequireAdmin, RequireAuth } from './components/guards';
export { syncSessionToQueries } from './session-sync';
export { authEn } from './locales/en';
export { authDe } from './locales/de';
