import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Button } from '@/components/button';
import { Conversation } from './conversation';
import { NewConversation } from './new-conversation';
import { SessionSidebar } from './session-sidebar';

export default function ChatPage() {
  const { t } = useTranslation('chat');
  const { sessionId } = useParams();
  const [sidebarOpen, setSidebarOpen] = useState(false);

  return (
    <div
      className="chat-layout"
      onClickCapture={(event) => {
        // On narrow screens the list closes once a chat is picked.
        if ((event.target as HTMLElement).closest('.session-item__link')) setSidebarOpen(false);
      }}
    >
      <Button
        size="sm"
        className="sidebar-toggle"
        aria-expanded={sidebarOpen}
        onClick={() => setSidebarOpen((open) => !open)}
      >
        {t('sidebar.toggle')}
      </Button>
      <SessionSidebar activeId={sessionId} open={sidebarOpen} />
      <main id="main" className="chat-main">
        {sessionId ? <Conversation key={sessionId} sessionId={sessionId} /> : <NewConversation />}
      </main>
    </div>
  );
}
