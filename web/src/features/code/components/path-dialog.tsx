import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { TextField } from '@/components/field';

/** Asks for a file path (new file, rename/move); mounted per use so it starts from `initial`. */
export function PathDialog({
  title,
  initial,
  submitLabel,
  busy,
  error,
  onSubmit,
  onClose,
}: {
  title: string;
  initial: string;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (path: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('code');
  const [path, setPath] = useState(initial);
  const trimmed = path.trim().replace(/^\/+/, '');
  const invalid = trimmed.split('/').some((part) => part === '..') ? t('tree.pathInvalid') : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (trimmed && !invalid && !trimmed.endsWith('/')) onSubmit(trimmed);
  };
  return (
    <Dialog open onClose={onClose} title={title}>
      <form className="form" onSubmit={submit}>
        <TextField
          label={t('tree.path')}
          hint={t('tree.pathHint')}
          error={invalid}
          value={path}
          required
          maxLength={1024}
          autoFocus
          spellCheck={false}
          onChange={(event) => setPath(event.target.value)}
        />
        <ErrorMessage error={error} />
        <div className="form__actions">
          <Button onClick={onClose}>{t('actions.cancel', { ns: 'common' })}</Button>
          <Button
            type="submit"
            variant="primary"
            busy={busy}
            disabled={!trimmed || trimmed.endsWith('/') || Boolean(invalid)}
          >
            {submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
