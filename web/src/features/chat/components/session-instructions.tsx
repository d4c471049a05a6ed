// A chat's standing instructions (its own system prompt): the header's button and hint, and the
// dialog that edits them.
import { useId, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { FieldShell } from '@/components/field';
import { CHAT_INSTRUCTIONS_MAX, useChatPreferences } from '@/features/settings';
import { formatNumber } from '@/lib/format';
import { useUpdateSession } from '../api/update-session';
import type { ChatSession } from '../api/types';

interface InstructionsProps {
  instructions: string | null;
  /** Stores them (null clears them); the dialog closes when it resolves and shows why it rejected. */
  save: (instructions: string | null) => Promise<unknown>;
}

/** The hint is a reminder, not the text: a long first line is cut. */
const SUMMARY_MAX = 120;
const SUMMARY_ID = 'conversation-instructions';

function firstLine(instructions: string) {
  const line = instructions.split('\n', 1)[0] ?? '';
  return line.length > SUMMARY_MAX ? `${line.slice(0, SUMMARY_MAX)}…` : line;
}

function InstructionsForm({ instructions, save, onClose }: InstructionsProps & { onClose: () => void }) {
  const { t } = useTranslation('chat');
  const saving = useMutation({ mutationFn: save, onSuccess: onClose });
  const current = instructions?.trim() ?? '';
  const [draft, setDraft] = useState(instructions ?? '');

  const store = (next: string | null) => saving.mutate(next);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = draft.trim();
    if (next === current) return onClose();
    // An emptied field clears them, as Clear does.
    store(next || null);
  };

  const clearing = saving.isPending && saving.variables === null;

  // The user's instructions for every chat come first; a failed or loading query says nothing.
  const everyChatId = useId();
  const everyChat = Boolean(useChatPreferences().data?.instructions?.trim());

  return (
    <form className="form" onSubmit={submit}>
      {everyChat && (
        <p id={everyChatId} className="field__hint">
          {t('instructions.everyChat')} <Link to="/settings/chat">{t('instructions.everyChatLink')}</Link>
        </p>
      )}
      <FieldShell
        label={t('instructions.label')}
        hint={
          <>
            {t('instructions.hint')}{' '}
            {t('instructions.count', { length: formatNumber(draft.length), max: formatNumber(CHAT_INSTRUCTIONS_MAX) })}
          </>
        }
      >
        {({ id, describedBy }) => (
          <textarea
            id={id}
            className="input instructions__input"
            rows={8}
            maxLength={CHAT_INSTRUCTIONS_MAX}
            value={draft}
            placeholder={t('instructions.placeholder')}
            autoFocus
            aria-describedby={[everyChat && everyChatId, describedBy].filter(Boolean).join(' ') || undefined}
            onChange={(event) => setDraft(event.target.value)}
          />
        )}
      </FieldShell>
      <ErrorMessage error={saving.error} showDetail />
      <div className="form__actions">
        {current && (
          <Button variant="danger" busy={clearing} disabled={saving.isPending} onClick={() => store(null)}>
            {t('instructions.clear')}
          </Button>
        )}
        <Button onClick={onClose}>{t('actions.cancel', { ns: 'common' })}</Button>
        <Button type="submit" variant="primary" busy={saving.isPending && !clearing} disabled={saving.isPending}>
          {t('instructions.save')}
        </Button>
      </div>
    </form>
  );
}

/** Opens the dialog; says (in words) whether the chat has instructions. */
export function InstructionsButton({ instructions, save }: InstructionsProps) {
  const { t } = useTranslation('chat');
  const [open, setOpen] = useState(false);
  const set = Boolean(instructions?.trim());

  return (
    <>
      <Button
        size="sm"
        aria-haspopup="dialog"
        aria-describedby={set ? SUMMARY_ID : undefined}
        onClick={() => setOpen(true)}
      >
        {t('instructions.open')}
        {/* The space keeps the button's name two words ("Instructions active"); the gap draws it. */}
        {set && (
          <>
            {' '}
            <span className="badge badge--small">{t('instructions.active')}</span>
          </>
        )}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={t('instructions.title')}>
        {/* Mounted per opening: the draft starts from the stored text, without an old error. */}
        {open && <InstructionsForm instructions={instructions} save={save} onClose={() => setOpen(false)} />}
      </Dialog>
    </>
  );
}

/** The button for a stored session: saving changes the session. */
export function SessionInstructionsButton({ session }: { session: ChatSession }) {
  const update = useUpdateSession();
  return (
    <InstructionsButton
      instructions={session.instructions}
      save={(instructions) => update.mutateAsync({ id: session.id, instructions })}
    />
  );
}

/** The first line of the instructions, under the header's controls. */
export function InstructionsSummary({ instructions }: { instructions: string | null }) {
  const { t } = useTranslation('chat');
  const text = instructions?.trim();
  if (!text) return null;
  return (
    <p id={SUMMARY_ID} className="conversation__instructions text-muted">
      {t('instructions.summary', { text: firstLine(text) })}
    </p>
  );
}
