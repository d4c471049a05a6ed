// A chat not yet started: the session is created with the first message, and with the
// instructions given before it, so that the first answer reads them too.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { deleteSession } from '../api/delete-session';
import { useCreateSession } from '../api/create-session';
import type { ImageAttachment } from '../api/types';
import { imagesField } from '../lib/image-attachments';
import { sendOptions, useChatPreferences } from '../lib/preferences';
import { useRunController } from '../lib/run-controller';
import { Composer } from './composer';
import { InstructionsButton, InstructionsSummary } from './session-instructions';

export function NewConversation() {
  const { t } = useTranslation('chat');
  const navigate = useNavigate();
  const preferences = useChatPreferences();
  const controller = useRunController();
  const create = useCreateSession();
  const [instructions, setInstructions] = useState<string | null>(null);

  const send = async (content: string, images: ImageAttachment[]) => {
    const session = await create.mutateAsync({ instructions });
    try {
      await controller.send(session.id, { content, ...imagesField(images), ...sendOptions(preferences) });
    } catch (refusal) {
      // Refused before anything was stored: do not leave an empty chat behind.
      await deleteSession(session.id).catch(() => undefined);
      throw refusal;
    }
    navigate(`/chat/${session.id}`);
  };

  return (
    <div className="conversation">
      <header className="conversation__header conversation__header--new">
        <InstructionsButton instructions={instructions} save={async (next) => setInstructions(next)} />
        <InstructionsSummary instructions={instructions} />
      </header>
      <div className="conversation__empty conversation__empty--new">
        <h1>{t('conversation.emptyTitle')}</h1>
        <p className="text-muted">{t('conversation.emptyBody')}</p>
      </div>
      <Composer preferences={preferences} onSend={send} autoFocus />
    </div>
  );
}
