import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes, useOutletContext } from 'react-router';
import type { User } from '@/lib/api-client';
import { AuditPanel } from './audit-panel';
import { InvitationsPanel } from './invitations-panel';
import { ProviderKeysPanel } from './provider-keys-panel';
import { RegistrationPanel } from './registration-panel';
import { RoutingPanel } from './routing-panel';
import { AdminUsagePanel } from './usage-panel';
import { UsersPanel } from './users-panel';

const SECTIONS = ['users', 'registration', 'invitations', 'provider-keys', 'routing', 'usage', 'audit'] as const;

export default function AdminPage() {
  const { t } = useTranslation('admin');
  const user = useOutletContext<User>();
  if (user.role !== 'admin') return <Navigate to="/" replace />;
  return (
    <main id="main" className="page">
      <h1>{t('title')}</h1>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label={t('nav.label')}>
          <ul>
            {SECTIONS.map((section) => (
              <li key={section}>
                <NavLink to={`/admin/${section}`}>{t(`nav.${section}`)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div>
          <Routes>
            <Route index element={<Navigate to="users" replace />} />
            <Route path="users" element={<UsersPanel />} />
            <Route path="registration" element={<RegistrationPanel />} />
            <Route path="invitations" element={<InvitationsPanel />} />
            <Route path="provider-keys" element={<ProviderKeysPanel />} />
            <Route path="routing" element={<RoutingPanel />} />
            <Route path="usage" element={<AdminUsagePanel />} />
            <Route path="audit" element={<AuditPanel />} />
            <Route path="*" element={<Navigate to="users" replace />} />
          </Routes>
        </div>
      </div>
    </main>
  );
}
