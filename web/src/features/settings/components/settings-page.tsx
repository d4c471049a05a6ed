import { useTranslation } from 'react-i18next';
import { SectionedPage } from '@/components/sectioned-page';
import { ApiKeysPanel } from '@/features/providers';
import { AccountPanel } from './account-panel';
import { AppearancePanel } from './appearance-panel';
import { ChatPanel } from './chat-panel';
import { TokensPanel } from './tokens-panel';
import { UsagePanel } from './usage-panel';

export default function SettingsPage() {
  const { t } = useTranslation('settings');
  return (
    <SectionedPage
      title={t('title')}
      navLabel={t('nav.label')}
      base="/settings"
      start="keys"
      sections={[
        { path: 'account', label: t('nav.account'), element: <AccountPanel /> },
        { path: 'chat', label: t('nav.chat'), element: <ChatPanel /> },
        { path: 'keys', label: t('nav.keys'), element: <ApiKeysPanel /> },
        { path: 'tokens', label: t('nav.tokens'), element: <TokensPanel /> },
        { path: 'appearance', label: t('nav.appearance'), element: <AppearancePanel /> },
        { path: 'usage', label: t('nav.usage'), element: <UsagePanel /> },
      ]}
    />
  );
}
