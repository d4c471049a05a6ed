// Settings → Chat: your instructions for every chat. Every answer in every chat reads them,
// before the chat's own instructions (the chat's instructions dialog edits those).
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { ErrorMessage } from '@/components/error-message';
import { FieldShell } from '@/components/field';
import { Spinner } from '@/components/spinner';
import { formatNumber } from '@/lib/format';
import { CHAT_INSTRUCTIONS_MAX, useChatPreferences, useSaveChatPreferences } from '../api/chat-preferences';

function InstructionsForm({ stored }: { stored: string | null }) {
  const { t } = useTranslation('settings');
  const save = useSaveChatPreferences();
  const field = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useState(stored ?? '');
  // When the stored text changes (saved here, or refetched after a change elsewhere), an
  // unedited draft follows it; edits in progress stay.
  const [shown, setShown] = useState(stored);
  if (stored !== shown) {
    setShown(stored);
    if (draft.trim() === (shown?.trim() ?? '')) setDraft(stored ?? '');
  }

  const current = stored?.trim() ?? '';
  const next = draft.trim();
  const over = draft.length - CHAT_INSTRUCTIONS_MAX;
  const clearing = save.isPending && save.variables === null;

  const edit = (value: string) => {
    setDraft(value);
    // A new edit makes the last "Saved" (or error) old news; a save in flight still lands.
    if (!save.isPending) save.reset();
  };

  const store = (instructions: string | null) =>
    save.mutate(instructions, {
      onSuccess: (saved) => {
        setDraft(saved.instructions ?? '');
        // Clear goes away with the text: the field keeps the focus.
        if (instructions === null) field.current?.focus();
      },
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (next === current || over > 0 || save.isPending) return;
    // An emptied field clears them, as Clear does.
    store(next || null);
  };

  return (
    <form className="form card" onSubmit={submit}>
      <FieldShell
        label={t('chat.label')}
        hint={
          <>
            {t('chat.hint')}{' '}
            {t('chat.count', { length: formatNumber(draft.length), max: formatNumber(CHAT_INSTRUCTIONS_MAX) })}
          </>
        }
        error={
          over > 0
            ? t('chat.tooLong', { count: over, over: formatNumber(over), max: formatNumber(CHAT_INSTRUCTIONS_MAX) })
            : undefined
        }
      >
        {({ id, describedBy, invalid }) => (
          <textarea
            ref={field}
            id={id}
            className="input instructions__input"
            rows={10}
            value={draft}
            placeholder={t('chat.placeholder')}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(event) => edit(event.target.value)}
          />
        )}
      </FieldShell>
      <ErrorMessage error={save.error} showDetail />
      <div className="form__actions">
        <Button
          type="submit"
          variant="primary"
          busy={save.isPending && !clearing}
          disabled={next === current || over > 0 || save.isPending}
        >
          {t('chat.save')}
        </Button>
        {current && (
          <Button variant="danger" busy={clearing} disabled={save.isPending} onClick={() => store(null)}>
            {t('chat.clear')}
          </Button>
        )}
      </div>
      <div aria-live="polite">
        {save.isSuccess && (
          <p role="status" className="text-success">
            {t('chat.saved')}
          </p>
        )}
      </div>
    </form>
  );
}

export function ChatPanel() {
  const { t } = useTranslation('settings');
  const preferences = useChatPreferences();
  return (
    <section className="settings-section" aria-labelledby="chat-title">
      <h2 id="chat-title">{t('chat.title')}</h2>
      {preferences.isPending ? (
        <Spinner />
      ) : preferences.isError ? (
        <ErrorMessage error={preferences.error} />
      ) : (
        <InstructionsForm stored={preferences.data.instructions} />
      )}
    </section>
  );
}
