// A question being edited in place, to be sent again in a new branch (the session itself stays).
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';

export function QuestionEditor({
  initial,
  withImages = false,
  busy,
  disabled,
  onSend,
  onCancel,
}: {
  initial: string;
  /** The question has images (sent again with it): then the text may be empty. */
  withImages?: boolean;
  busy: boolean;
  /** An answer is being written in this session, or another branch is being made. */
  disabled: boolean;
  onSend: (question: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('chat');
  const [content, setContent] = useState(initial);
  const inputId = useId();
  const question = content.trim();

  const send = () => {
    if ((question || withImages) && !busy && !disabled) onSend(question);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      if (!busy) onCancel();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    }
  };

  return (
    <form className="question-editor" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        {t('message.editLabel')}
      </label>
      <textarea
        id={inputId}
        className="question-editor__input input"
        rows={3}
        maxLength={200_000}
        value={content}
        autoFocus
        onChange={(event) => setContent(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="question-editor__bar">
        <Button size="sm" onClick={onCancel} disabled={busy}>
          {t('actions.cancel', { ns: 'common' })}
        </Button>
        <Button type="submit" size="sm" variant="primary" busy={busy} disabled={(!question && !withImages) || disabled}>
          {t('message.sendInBranch')}
        </Button>
      </div>
    </form>
  );
}
