// "Save to clipboard" on a chat code block: keeps the code, its language and the answer it came
// from. Every label is laid out in the same grid cell, so the button keeps the width of the
// longest and the bar does not shift when the label changes.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { useErrorText } from '@/components/error-message';
import { useCreateItem } from '../api/create-item';
import { LANGUAGE_PATTERN } from '../api/types';
import '../save-button.css';

const RESET_AFTER_MS = 3000;

export function SaveToClipboardButton({
  content,
  language,
  source,
}: {
  content: string;
  language?: string | null;
  source?: { sessionId: string; messageId?: string | null };
}) {
  const { t } = useTranslation('clipboard');
  const errorText = useErrorText();
  const create = useCreateItem();
  const { reset, status } = create;

  useEffect(() => {
    if (status !== 'success' && status !== 'error') return;
    const timer = setTimeout(reset, RESET_AFTER_MS);
    return () => clearTimeout(timer);
  }, [status, reset]);

  const save = () =>
    create.mutate({
      content,
      // A fence name the server would refuse (odd characters, too long) is kept as plain text.
      ...(language && LANGUAGE_PATTERN.test(language) ? { language } : {}),
      ...(source
        ? { source: { sessionId: source.sessionId, ...(source.messageId ? { messageId: source.messageId } : {}) } }
        : {}),
    });

  const labels = {
    idle: t('save.button'),
    pending: t('save.saving'),
    success: t('save.saved'),
    error: t('save.failed'),
  };
  const reason = create.isError ? errorText(create.error) : undefined;

  return (
    <Button
      size="sm"
      variant="ghost"
      className="save-to-clipboard"
      data-state={status}
      aria-disabled={create.isPending || undefined}
      title={reason}
      onClick={() => {
        if (!create.isPending) save();
      }}
    >
      <span className="stable-label">
        <span aria-live="polite">
          {labels[status]}
          {reason && <span className="visually-hidden">: {reason}</span>}
        </span>
        {Object.entries(labels)
          .filter(([key]) => key !== status)
          .map(([key, label]) => (
            <span key={key} className="stable-label__ghost" aria-hidden="true">
              {label}
            </span>
          ))}
      </span>
    </Button>
  );
}
