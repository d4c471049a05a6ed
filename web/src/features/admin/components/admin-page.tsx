import { useTranslation } from 'react-i18next';
import { Navigate, useOutletContext } from 'react-router';
import { SectionedPage } from '@/components/sectioned-page';
import type { User } from '@/lib/api-client';
import { AuditPanel } from './audit-panel';
import { InvitationsPanel } from './invitations-panel';
import { ProviderKeysPanel } from './provider-keys-panel';
import { RegistrationPanel } from './registration-panel';
import { RoutingPanel } from './routing-panel';
import { AdminUsagePanel } from './usage-panel';
import { UsersPanel } from './users-panel';

export default function AdminPage() {
  const { t } = useTranslation('admin');
  const user = useOutletContext<User>();
  if (user.role !== 'admin') return <Navigate to="/" replace />;
  return (
    <SectionedPage
      title={t('title')}
      navLabel={t('nav.label')}
      base="/admin"
      sections={[
        { path: 'users', label: t('nav.users'), element: <UsersPanel /> },
        { path: 'registration', label: t('nav.registration'), element: <RegistrationPanel /> },
        { path: 'invitations', label: t('nav.invitations'), element: <InvitationsPanel /> },
        { path: 'provider-keys', label: t('nav.provider-keys'), element: <ProviderKeysPanel /> },
        { path: 'routing', label: t('nav.routing'), element: <RoutingPanel /> },
        { path: 'usage', label: t('nav.usage'), element: <AdminUsagePanel /> },
        { path: 'audit', label: t('nav.audit'), element: <AuditPanel /> },
      ]}
    />
  );
}
