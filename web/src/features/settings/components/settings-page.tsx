import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { ApiKeysPanel } from '@/features/providers';
import { AccountPanel } from './account-panel';
import { AppearancePanel } from './appearance-panel';
import { TokensPanel } from './tokens-panel';
import { UsagePanel } from './usage-panel';

const SECTIONS = ['account', 'keys', 'tokens', 'appearance', 'usage'] as const;

export default function SettingsPage() {
  const { t } = useTranslation('settings');
  return (
    <main id="main" className="page">
      <h1>{t('title')}</h1>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label={t('nav.label')}>
          <ul>
            {SECTIONS.map((section) => (
              <li key={section}>
                <NavLink to={`/settings/${section}`}>{t(`nav.${section}`)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div>
          <Routes>
            <Route index element={<Navigate to="keys" replace />} />
            <Route path="account" element={<AccountPanel />} />
            <Route path="keys" element={<ApiKeysPanel />} />
            <Route path="tokens" element={<TokensPanel />} />
            <Route path="appearance" element={<AppearancePanel />} />
            <Route path="usage" element={<UsagePanel />} />
            <Route path="*" element={<Navigate to="keys" replace />} />
          </Routes>
        </div>
      </div>
    </main>
  );
}
